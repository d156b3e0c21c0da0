"""Spreadsheet IDs, credentials, and how requests end: retried or explained."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import responses
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from sheets.errors import WorkbookError
from sheets.google_client import (
    SCOPE,
    GoogleSheetError,
    RetryPolicy,
    SheetsClient,
    load_credentials,
    looks_like_google,
    parse_spreadsheet_id,
)
from tests.google_fakes import SERVICE_EMAIL, SPREADSHEET_ID, FakeCredentials

ID = SPREADSHEET_ID
GET = f"https://sheets.googleapis.com/v4/spreadsheets/{ID}"


class FakeClock:
    """Time that passes only when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def mock() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked:
        yield mocked


def client(clock: FakeClock, **options: object) -> SheetsClient:
    policy = RetryPolicy(sleep=clock.sleep, clock=clock, **options)
    return SheetsClient(ID, FakeCredentials(), policy=policy)


def google_error(code: int, message: str, status: str) -> dict[str, object]:
    return {"error": {"code": code, "message": message, "status": status}}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(ID, id="bare"),
        pytest.param(f"  {ID}\n", id="spaces"),
        pytest.param(f"https://docs.google.com/spreadsheets/d/{ID}", id="url"),
        pytest.param(f"https://docs.google.com/spreadsheets/d/{ID}/edit", id="edit"),
        pytest.param(
            f"https://docs.google.com/spreadsheets/d/{ID}/edit#gid=0", id="gid"
        ),
        pytest.param(
            f"https://docs.google.com/spreadsheets/d/{ID}/edit?usp=sharing",
            id="shared",
        ),
        pytest.param(
            f"https://docs.google.com/spreadsheets/u/1/d/{ID}/edit", id="account"
        ),
    ],
)
def test_spreadsheet_id_from_url_or_id(text: str) -> None:
    assert parse_spreadsheet_id(text) == ID


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("goals.xlsx", id="file"),
        pytest.param("short-id", id="too-short"),
        pytest.param(f"http://docs.google.com/spreadsheets/d/{ID}/edit", id="http"),
        pytest.param(f"https://docs.google.com/document/d/{ID}/edit", id="document"),
        pytest.param(
            f"https://docs.google.com.evil.example/spreadsheets/d/{ID}", id="host"
        ),
        pytest.param(f"https://example.com/spreadsheets/d/{ID}", id="other-site"),
        pytest.param(f"{ID}/edit", id="id-with-path"),
        pytest.param(f"https://docs.google.com/spreadsheets/d/{ID}@x/edit", id="junk"),
    ],
)
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(GoogleSheetError, match="is not a Google Sheets spreadsheet"):
        parse_spreadsheet_id(text)


def test_a_google_sheet_error_is_a_workbook_error_with_exit_code_2() -> None:
    error = GoogleSheetError("Google Sheet x", "reason")

    assert isinstance(error, WorkbookError)
    assert error.exit_code == 2


@pytest.mark.parametrize(
    ("text", "google"),
    [
        (ID, True),
        (f"https://docs.google.com/spreadsheets/d/{ID}/edit", True),
        ("goals.xlsx", False),
        ("reports/2026 goals.xlsm", False),
    ],
)
def test_looks_like_google(text: str, google: bool) -> None:
    assert looks_like_google(text) is google


def service_account_file(tmp_path: Path) -> Path:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    path = tmp_path / "service-account.json"
    path.write_text(
        json.dumps(
            {
                "type": "service_account",
                "project_id": "lumen-analytics",
                "private_key_id": "abc123",
                "private_key": pem,
                "client_email": SERVICE_EMAIL,
                "client_id": "1234567890",
                "token_uri": "https://oauth2.googleapis.com/token",
            }
        )
    )
    return path


def user_token_file(tmp_path: Path) -> Path:
    path = tmp_path / "token.json"
    path.write_text(
        json.dumps(
            {
                "type": "authorized_user",
                "client_id": "client.apps.googleusercontent.com",
                "client_secret": "secret",
                "refresh_token": "1//refresh",
            }
        )
    )
    return path


def test_service_account_from_the_environment_with_one_scope(
    tmp_path: Path, mock: responses.RequestsMock
) -> None:
    path = service_account_file(tmp_path)

    credentials = load_credentials(
        environ={"GOOGLE_APPLICATION_CREDENTIALS": str(path)}
    )

    assert credentials.service_account_email == SERVICE_EMAIL
    assert credentials.scopes == [SCOPE]
    assert not mock.calls


def test_a_configured_path_wins_over_the_environment(tmp_path: Path) -> None:
    path = user_token_file(tmp_path)

    credentials = load_credentials(
        path, environ={"GOOGLE_APPLICATION_CREDENTIALS": str(tmp_path / "missing")}
    )

    assert credentials.refresh_token == "1//refresh"
    assert credentials.scopes == [SCOPE]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(None, "does not exist; check the path", id="missing"),
        pytest.param("not json", "is not a JSON key file", id="not-json"),
        pytest.param(
            '{"type": "external_account"}', "type 'external_account'", id="type"
        ),
        pytest.param(
            '{"type": "service_account", "client_email": "x"}',
            "is not a usable key",
            id="incomplete",
        ),
    ],
)
def test_unusable_credentials_say_why(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "key.json"
    if content is not None:
        path.write_text(content)

    with pytest.raises(GoogleSheetError, match=message):
        load_credentials(path, environ={})


def test_no_credentials_names_the_variable_to_set() -> None:
    with pytest.raises(GoogleSheetError, match="set GOOGLE_APPLICATION_CREDENTIALS"):
        load_credentials(environ={})


def test_429_then_200_retries_once_with_a_warning(
    mock: responses.RequestsMock, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    mock.get(
        GET, status=429, json=google_error(429, "Quota exceeded", "RESOURCE_EXHAUSTED")
    )
    mock.get(GET, json={"spreadsheetId": ID})
    sheets = client(clock)

    with caplog.at_level(logging.WARNING):
        answer = sheets.get("spreadsheetId")

    assert answer == {"spreadsheetId": ID}
    assert len(mock.calls) == 2
    assert (sheets.counts.reads, sheets.counts.retries) == (1, 1)
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert "answered HTTP 429 to a GET" in caplog.records[0].getMessage()
    assert len(clock.sleeps) == 1 and 0 <= clock.sleeps[0] <= 1.0


def test_retry_after_is_honoured(
    mock: responses.RequestsMock, clock: FakeClock
) -> None:
    mock.get(GET, status=503, headers={"Retry-After": "7"}, body="unavailable")
    mock.get(GET, json={})

    client(clock).get("spreadsheetId")

    assert clock.sleeps == [7.0]


def test_persistent_503_ends_within_the_time_limit(
    mock: responses.RequestsMock, clock: FakeClock
) -> None:
    mock.get(GET, status=503, body="<html>Service Unavailable</html>")
    highest_delays = RetryPolicy(
        attempts=100,
        budget=60.0,
        sleep=clock.sleep,
        clock=clock,
        jitter=lambda low, high: high,
    )
    sheets = SheetsClient(ID, FakeCredentials(), policy=highest_delays)
    started = clock.now

    with pytest.raises(GoogleSheetError, match="kept answering HTTP 503") as raised:
        sheets.get("spreadsheetId")

    assert clock.now - started <= 60.0
    assert raised.value.status == 503
    assert len(mock.calls) == len(clock.sleeps) + 1 < 10
    assert clock.sleeps == [1.0, 2.0, 4.0, 8.0, 16.0]


def test_persistent_503_ends_within_a_real_time_limit(
    mock: responses.RequestsMock,
) -> None:
    mock.get(GET, status=503, json=google_error(503, "Unavailable", "UNAVAILABLE"))
    policy = RetryPolicy(attempts=50, first_delay=0.02, max_delay=0.05, budget=0.3)
    sheets = SheetsClient(ID, FakeCredentials(), policy=policy)
    started = time.monotonic()

    with pytest.raises(GoogleSheetError, match="gave up after"):
        sheets.get("spreadsheetId")

    assert time.monotonic() - started < 1.0


def test_attempts_are_bounded(mock: responses.RequestsMock, clock: FakeClock) -> None:
    mock.get(GET, status=500, json=google_error(500, "Internal error", "INTERNAL"))

    with pytest.raises(GoogleSheetError, match="gave up after 3 attempts"):
        client(clock, attempts=3).get("spreadsheetId")

    assert len(mock.calls) == 3


def test_every_request_has_a_timeout_within_the_budget_left(
    mock: responses.RequestsMock, clock: FakeClock
) -> None:
    mock.get(GET, status=502, body="bad gateway")
    mock.get(GET, json={})
    mock.post(GET + ":batchUpdate", json={})
    mock.post(GET + "/values:batchUpdateByDataFilter", json={})
    sheets = client(clock)

    sheets.get("spreadsheetId")
    sheets.batch_update({"requests": []})
    sheets.update_values({"valueInputOption": "RAW", "data": []})

    timeouts = [call.request.req_kwargs["timeout"] for call in mock.calls]
    assert len(timeouts) == 4
    assert timeouts[0] == (10.0, 60.0)
    for connect, read in timeouts:
        assert 0 < connect <= 10.0 and 0 < read <= 60.0
    assert (sheets.counts.reads, sheets.counts.writes) == (1, 2)


def test_403_names_the_service_account_to_share_with(
    mock: responses.RequestsMock, clock: FakeClock
) -> None:
    mock.get(
        GET,
        status=403,
        json=google_error(
            403, "The caller does not have permission", "PERMISSION_DENIED"
        ),
    )

    with pytest.raises(GoogleSheetError) as raised:
        client(clock).get("spreadsheetId")

    assert str(raised.value) == (
        f"Google Sheet {ID}: The sheet is not shared with {SERVICE_EMAIL}; "
        "share it as Editor, then sync again."
    )
    assert len(mock.calls) == 1


def test_403_for_a_user_account_asks_the_owner(
    mock: responses.RequestsMock, clock: FakeClock
) -> None:
    mock.get(GET, status=403, json=google_error(403, "No", "PERMISSION_DENIED"))
    sheets = SheetsClient(
        ID, FakeCredentials(email=None), policy=RetryPolicy(sleep=clock.sleep)
    )

    with pytest.raises(GoogleSheetError, match="ask its owner to share it as Editor"):
        sheets.get("spreadsheetId")


def test_403_for_a_disabled_api_shows_googles_message(
    mock: responses.RequestsMock, clock: FakeClock
) -> None:
    message = (
        "Google Sheets API has not been used in project 42 before or it is disabled."
    )
    mock.get(GET, status=403, json=google_error(403, message, "PERMISSION_DENIED"))

    with pytest.raises(GoogleSheetError, match="has not been used in project 42"):
        client(clock).get("spreadsheetId")


def test_404_says_to_check_the_url(
    mock: responses.RequestsMock, clock: FakeClock
) -> None:
    mock.get(
        GET,
        status=404,
        json=google_error(404, "Requested entity was not found.", "NOT_FOUND"),
    )

    with pytest.raises(GoogleSheetError) as raised:
        client(clock).get("spreadsheetId")

    assert raised.value.reason == f"No spreadsheet with ID {ID}; check the URL."


def test_400_shows_googles_message(
    mock: responses.RequestsMock, clock: FakeClock
) -> None:
    message = (
        'Invalid requests[0].addSheet: A sheet with the name "Findings" already exists.'
    )
    mock.post(
        GET + ":batchUpdate",
        status=400,
        json=google_error(400, message, "INVALID_ARGUMENT"),
    )

    with pytest.raises(GoogleSheetError) as raised:
        client(clock).batch_update({"requests": []})

    assert raised.value.reason.endswith(message)
    assert len(mock.calls) == 1


def test_an_unreachable_google_is_a_clear_error(
    mock: responses.RequestsMock, clock: FakeClock
) -> None:
    mock.get(GET, body=requests.ConnectionError("no route to host"))

    with pytest.raises(GoogleSheetError, match="could not reach Google Sheets"):
        client(clock).get("spreadsheetId")
