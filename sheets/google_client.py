"""Talking to the Google Sheets API: credentials, spreadsheet IDs, bounded retries.

Every request has a timeout; 429 and 5xx answers are retried with exponential
backoff and full jitter, within a number of attempts and a total time budget.
gspread's BackOffHTTPClient is not used: it never gives up.
"""

from __future__ import annotations

import json
import logging
import os
import random
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from google.auth.credentials import Credentials
from google.oauth2 import service_account
from google.oauth2.credentials import Credentials as UserCredentials
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient

from sheets.errors import WorkbookError

logger = logging.getLogger(__name__)

SCOPE = "https://www.googleapis.com/auth/spreadsheets"
API = "https://sheets.googleapis.com/v4/spreadsheets"
CREDENTIALS_VARIABLE = "GOOGLE_APPLICATION_CREDENTIALS"

# google-auth's constructors carry no types; these names give them one.
_from_service_account: Callable[..., Credentials] = (
    service_account.Credentials.from_service_account_info
)
_from_authorized_user: Callable[..., Credentials] = (
    UserCredentials.from_authorized_user_info
)

_ID = r"[A-Za-z0-9_-]{20,100}"
_BARE_ID = re.compile(_ID)
_URL = re.compile(
    r"https://docs\.google\.com/spreadsheets/(?:u/\d{1,2}/)?d/(" + _ID + r")"
    r"(?:[/?#].*)?",
    re.S,
)


class GoogleSheetError(WorkbookError):
    """A Google Sheet goalsheet cannot read or write; the message says what to do."""

    def __init__(self, source: str, reason: str, status: int | None = None) -> None:
        super().__init__(source, reason)
        self.status = status


def parse_spreadsheet_id(text: str) -> str:
    """The spreadsheet ID in a docs.google.com URL, or the bare ID itself."""
    text = text.strip()
    if _BARE_ID.fullmatch(text):
        return text
    found = _URL.fullmatch(text)
    if found is None:
        raise GoogleSheetError(
            text or "(empty)",
            "is not a Google Sheets spreadsheet; give its URL, "
            "https://docs.google.com/spreadsheets/d/<ID>/edit, or the bare ID.",
        )
    return found.group(1)


def looks_like_google(text: str) -> bool:
    """Whether a sync target names a Google Sheet rather than a file."""
    text = text.strip()
    return text.startswith(("https://", "http://")) or bool(_BARE_ID.fullmatch(text))


def load_credentials(
    path: str | os.PathLike[str] | None = None,
    *,
    environ: Mapping[str, str] = os.environ,
) -> Credentials:
    """Credentials from a service account key or an authorized-user token file.

    `path` (from the config) wins over GOOGLE_APPLICATION_CREDENTIALS; only
    the spreadsheets scope is ever requested.
    """
    where = path or environ.get(CREDENTIALS_VARIABLE)
    if not where:
        raise GoogleSheetError(
            "Google credentials",
            f"none configured; set {CREDENTIALS_VARIABLE} to a service account "
            "key file (and share the sheet with its e-mail) or to an "
            "authorized-user token file.",
        )
    info = _read_key_file(Path(where))
    kind = info.get("type")
    try:
        if kind == "service_account":
            return _from_service_account(info, scopes=[SCOPE])
        if kind == "authorized_user":
            return _from_authorized_user(info, scopes=[SCOPE])
    except ValueError as error:
        raise GoogleSheetError(str(where), f"is not a usable key: {error}") from None
    raise GoogleSheetError(
        str(where),
        f"holds credentials of type {kind!r}; use a service account key "
        "(type service_account) or an authorized-user token (type authorized_user).",
    )


def _read_key_file(path: Path) -> dict[str, Any]:
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GoogleSheetError(str(path), "does not exist; check the path.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GoogleSheetError(
            str(path), f"is not a JSON key file ({error})."
        ) from None
    if not isinstance(info, dict):
        raise GoogleSheetError(str(path), "is not a JSON key file.")
    return info


@dataclass(frozen=True)
class RetryPolicy:
    """How long to wait for Google: per request, between attempts, and in all."""

    attempts: int = 6
    first_delay: float = 1.0
    max_delay: float = 30.0
    budget: float = 60.0
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    jitter: Callable[[float, float], float] = random.uniform

    def delay(self, attempt: int) -> float:
        """Full jitter: anything from 0 up to the exponential ceiling."""
        ceiling = min(self.max_delay, self.first_delay * 2 ** (attempt - 1))
        return self.jitter(0.0, ceiling)


def _retryable(status: int) -> bool:
    return status == 429 or 500 <= status <= 599


@dataclass
class RequestCounts:
    """Requests a sync made, as Google would bill them; retries counted apart."""

    reads: int = 0
    writes: int = 0
    retries: int = 0


class SheetsClient:
    """The three calls a sync needs, on one spreadsheet, with retries and timeouts."""

    def __init__(
        self,
        spreadsheet_id: str,
        credentials: Credentials,
        *,
        policy: RetryPolicy | None = None,
        source: str | None = None,
    ) -> None:
        self.spreadsheet_id = spreadsheet_id
        self.source = source or f"Google Sheet {spreadsheet_id}"
        self.policy = policy or RetryPolicy()
        self.counts = RequestCounts()
        self._email = getattr(credentials, "service_account_email", None)
        self._http = HTTPClient(credentials)

    def get(self, fields: str) -> dict[str, Any]:
        """spreadsheets.get with grid data, limited to `fields`."""
        self.counts.reads += 1
        params = {"includeGridData": "true", "fields": fields}
        return self._call("GET", f"{API}/{self.spreadsheet_id}", params=params)

    def batch_update(
        self, body: dict[str, Any], fields: str | None = None
    ) -> dict[str, Any]:
        """spreadsheets.batchUpdate: structure, applied atomically."""
        self.counts.writes += 1
        url = f"{API}/{self.spreadsheet_id}:batchUpdate"
        params = {"fields": fields} if fields else None
        return self._call("POST", url, params=params, body=body)

    def update_values(self, body: dict[str, Any]) -> dict[str, Any]:
        """spreadsheets.values.batchUpdateByDataFilter: every value of a sync."""
        self.counts.writes += 1
        url = f"{API}/{self.spreadsheet_id}/values:batchUpdateByDataFilter"
        return self._call("POST", url, body=body)

    def _call(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """One request, tried again on 429 and 5xx until out of attempts or time."""
        deadline = self.policy.clock() + self.policy.budget
        attempt = 1
        while True:
            try:
                response = self._send(method, url, params, body, deadline)
            except APIError as error:
                self._wait_or_raise(error, attempt, deadline, method)
                attempt += 1
                continue
            return _json(response, self.source)

    def _send(
        self,
        method: str,
        url: str,
        params: dict[str, Any] | None,
        body: dict[str, Any] | None,
        deadline: float,
    ) -> requests.Response:
        """Send once, with timeouts that never outlast the time budget."""
        policy = self.policy
        remaining = max(deadline - policy.clock(), 0.001)
        self._http.set_timeout(
            (
                min(policy.connect_timeout, remaining),
                min(policy.read_timeout, remaining),
            )
        )
        try:
            response: requests.Response = self._http.request(
                method, url, params=params, json=body
            )
        except requests.RequestException as error:
            raise GoogleSheetError(
                self.source,
                f"could not reach Google Sheets ({type(error).__name__}); "
                "check the network and try again.",
            ) from None
        return response

    def _wait_or_raise(
        self, error: APIError, attempt: int, deadline: float, method: str
    ) -> None:
        status = error.response.status_code
        if not _retryable(status):
            raise self._failure(status, error) from None
        wait = self._wait(attempt, error.response, deadline)
        if wait is None:
            raise self._gave_up(status, attempt) from None
        self.counts.retries += 1
        logger.warning(
            "Google Sheets answered HTTP %d to a %s of %s; retry %d in %.1f s",
            status,
            method,
            self.source,
            attempt,
            wait,
        )
        self.policy.sleep(wait)

    def _wait(
        self, attempt: int, response: requests.Response, deadline: float
    ) -> float | None:
        """Seconds until the next attempt; None when out of attempts or time."""
        policy = self.policy
        if attempt >= policy.attempts:
            return None
        wait = policy.delay(attempt)
        asked = response.headers.get("Retry-After", "")
        if asked.isdigit():
            wait = max(wait, float(asked))
        if policy.clock() + wait >= deadline:
            return None
        return wait

    def _gave_up(self, status: int, attempts: int) -> GoogleSheetError:
        return GoogleSheetError(
            self.source,
            f"Google Sheets kept answering HTTP {status} (busy or unavailable); "
            f"gave up after {attempts} attempts within {self.policy.budget:g} s. "
            "Try again in a few minutes.",
            status,
        )

    def _failure(self, status: int, error: APIError) -> GoogleSheetError:
        message = str(error.error.get("message") or "").strip()
        if status == 403 and not _disabled_api(error.error):
            if self._email:
                reason = (
                    f"The sheet is not shared with {self._email}; "
                    "share it as Editor, then sync again."
                )
            else:
                reason = (
                    "The signed-in Google account may not edit this sheet; "
                    "ask its owner to share it as Editor."
                )
        elif status == 404:
            reason = f"No spreadsheet with ID {self.spreadsheet_id}; check the URL."
        elif status == 401:
            reason = f"Google refused the credentials: {message or 'unauthorized'}."
        else:
            reason = f"Google Sheets refused the request (HTTP {status}): {message}"
        return GoogleSheetError(self.source, reason, status)


def _disabled_api(error: Mapping[str, Any]) -> bool:
    """Whether a 403 says the Sheets API is off for the project, not about sharing."""
    for detail in error.get("details") or []:
        if isinstance(detail, dict) and detail.get("reason") == "SERVICE_DISABLED":
            return True
    return "has not been used in project" in str(error.get("message", ""))


def _json(response: requests.Response, source: str) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        raise GoogleSheetError(
            source, "Google Sheets sent an answer that is not JSON; try again."
        ) from None
    if not isinstance(data, dict):
        raise GoogleSheetError(source, "Google Sheets sent an unexpected answer.")
    return data
