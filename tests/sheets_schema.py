"""Check JSON bodies and field masks against Google's Sheets API discovery document.

Every request body goalsheet sends and every response the fake Google serves
is walked against the schema it claims to be: each property must exist, each
enum value must be allowed, arrays and objects must nest as the API says.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

DISCOVERY = Path(__file__).resolve().parents[2] / "shared" / "google" / "sheets.v4.json"
NO_DISCOVERY = f"the Sheets API discovery document is not at {DISCOVERY}"

Schema = dict[str, Any]
Mask = dict[str, "Mask | None"]


@cache
def discovery() -> dict[str, Any]:
    """The discovery document; the test calling this skips when it is absent."""
    if not DISCOVERY.is_file():
        pytest.skip(NO_DISCOVERY)
    document: dict[str, Any] = json.loads(DISCOVERY.read_text(encoding="utf-8"))
    return document


def schema(name: str) -> Schema:
    found: Schema = discovery()["schemas"][name]
    return found


def problems(value: Any, name: str) -> list[str]:
    """Every place where `value` is not a valid instance of schema `name`."""
    found: list[str] = []
    _walk(value, {"$ref": name}, name, found)
    return found


def assert_valid(value: Any, name: str) -> None:
    found = problems(value, name)
    assert not found, f"not a valid {name}:\n" + "\n".join(found[:20])


def _walk(value: Any, spec: Schema, path: str, found: list[str]) -> None:
    if "$ref" in spec:
        spec = schema(spec["$ref"])
    kind = spec.get("type", "any")
    if kind == "any":
        return
    if not _is(value, kind):
        found.append(f"{path}: expected {kind}, found {type(value).__name__}")
        return
    if "enum" in spec and value not in spec["enum"]:
        found.append(f"{path}: {value!r} is not one of {spec['enum']}")
    if kind == "array":
        for index, item in enumerate(value):
            _walk(item, spec.get("items", {}), f"{path}[{index}]", found)
    if kind == "object":
        _walk_object(value, spec, path, found)


def _walk_object(value: dict[str, Any], spec: Schema, path: str, found: list[str]):
    properties = spec.get("properties")
    extra = spec.get("additionalProperties")
    for key, item in value.items():
        if properties is not None and key in properties:
            _walk(item, properties[key], f"{path}.{key}", found)
        elif extra is not None:
            _walk(item, extra, f"{path}[{key!r}]", found)
        else:
            found.append(f"{path}: no field {key!r} in {spec.get('id', 'object')}")


def _is(value: Any, kind: str) -> bool:
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return False


def parse_mask(text: str) -> Mask:
    """A field mask such as "a,b(c,d.e)" as a tree: {"a": None, "b": {...}}."""
    mask, rest = _mask_list(text.replace("/", "."))
    if rest:
        raise ValueError(f"unexpected {rest!r} in field mask")
    return mask


def _mask_list(text: str) -> tuple[Mask, str]:
    mask: Mask = {}
    while True:
        name, text = _mask_path(text)
        _merge(mask, name)
        if not text.startswith(","):
            return mask, text
        text = text[1:]


def _mask_path(text: str) -> tuple[Mask, str]:
    end = 0
    while end < len(text) and text[end] not in ",()":
        end += 1
    names = text[:end].split(".")
    text = text[end:]
    leaf: Mask | None = None
    if text.startswith("("):
        leaf, text = _mask_list(text[1:])
        if not text.startswith(")"):
            raise ValueError("unbalanced parentheses in field mask")
        text = text[1:]
    for name in reversed(names):
        if not name:
            raise ValueError("empty name in field mask")
        leaf = {name: leaf}
    assert leaf is not None
    return leaf, text


def _merge(into: Mask, more: Mask) -> None:
    for name, sub in more.items():
        have = into.get(name, {})
        if sub is None or have is None:
            into[name] = None
            continue
        merged = dict(have)
        _merge(merged, sub)
        into[name] = merged


def mask_problems(text: str, name: str) -> list[str]:
    """Names in a field mask that schema `name` does not have."""
    found: list[str] = []
    _check_mask(parse_mask(text), {"$ref": name}, name, found)
    return found


def _check_mask(mask: Mask, spec: Schema, path: str, found: list[str]) -> None:
    while "$ref" in spec or spec.get("type") == "array":
        spec = schema(spec["$ref"]) if "$ref" in spec else spec.get("items", {})
    properties = spec.get("properties", {})
    for key, sub in mask.items():
        if key not in properties:
            found.append(f"{path}: no field {key!r} in {spec.get('id', 'object')}")
        elif sub is not None:
            _check_mask(sub, properties[key], f"{path}.{key}", found)


def apply_mask(value: Any, mask: Mask | None) -> Any:
    """Only the parts of a response a field mask asks for, as Google answers."""
    if mask is None:
        return value
    if isinstance(value, list):
        return [apply_mask(item, mask) for item in value]
    if not isinstance(value, dict):
        return value
    return {
        key: apply_mask(item, mask[key]) for key, item in value.items() if key in mask
    }
