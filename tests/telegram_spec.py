"""The Bot API spec (tests/data/telegram-bot-api.json) as a checker of requests and payloads.

`check_call` says what is wrong with a recorded call: unknown method, missing required or unknown
parameters, values of the wrong type (recursively through object types, arrays and the union types
such as InlineQueryResult), and the documented limits of `telegram_limits`. `check_object` does the
same for a payload of a named type, such as the Update a test fabricates or a result the fake answers.
Each returns a list of problems; an empty list means Telegram would accept it.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NotRequired, TypedDict

from tests.telegram_limits import limit_problems

SPEC_PATH = Path(__file__).resolve().parent / "data" / "telegram-bot-api.json"
ARRAY_PREFIX = "Array of "
_DISCRIMINATOR = re.compile(r"(?:must be|always) [\"“]?([a-z_]+)")


class FieldSpec(TypedDict):
    name: str
    types: list[str]
    required: bool
    description: str


class MethodSpec(TypedDict):
    name: str
    fields: NotRequired[list[FieldSpec]]
    returns: list[str]


class TypeSpec(TypedDict):
    name: str
    fields: NotRequired[list[FieldSpec]]
    subtypes: NotRequired[list[str]]


@dataclass(frozen=True)
class UploadedFile:
    """A file sent in a multipart request (the spec's InputFile)."""

    filename: str
    data: bytes
    mime_type: str


@dataclass(frozen=True)
class ApiSpec:
    version: str
    methods: dict[str, MethodSpec]
    types: dict[str, TypeSpec]
    method_names: dict[str, str]  # lowered name -> canonical name; Telegram ignores the case

    def method(self, name: str) -> MethodSpec | None:
        canonical = self.method_names.get(name.lower())
        return self.methods[canonical] if canonical else None


@functools.cache
def load_spec() -> ApiSpec:
    """The spec, read once per test session."""
    data = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    methods: dict[str, MethodSpec] = data["methods"]
    types: dict[str, TypeSpec] = data["types"]
    return ApiSpec(
        version=str(data["version"]),
        methods=methods,
        types=types,
        method_names={name.lower(): name for name in methods},
    )


def _describe(value: object) -> str:
    shown = repr(value)
    return f"{type(value).__name__} {shown[:60] + '...' if len(shown) > 60 else shown}"


def _kind_matches(value: object, type_name: str) -> bool:
    """Whether `value` has the JSON shape of `type_name`, before looking inside."""
    if type_name.startswith(ARRAY_PREFIX):
        return isinstance(value, list)
    match type_name:
        case "Integer":
            return isinstance(value, int) and not isinstance(value, bool)
        case "Float":
            return isinstance(value, int | float) and not isinstance(value, bool)
        case "String":
            return isinstance(value, str)
        case "Boolean":
            return isinstance(value, bool)
        case "True":
            return value is True
        case "InputFile":
            return isinstance(value, UploadedFile)
    return isinstance(value, dict) and type_name in load_spec().types


def check_value(value: object, types: Sequence[str], path: str) -> list[str]:
    """Problems of `value` against a field declared as any of `types` ("Integer", "Array of X", ...)."""
    candidates = [name for name in types if _kind_matches(value, name)]
    if not candidates:
        return [f"{path}: expected {' or '.join(types)}, got {_describe(value)}"]
    attempts: list[list[str]] = []
    for name in candidates:
        problems = _check_inside(value, name, path)
        if not problems:
            return []
        attempts.append(problems)
    return min(attempts, key=len)


def _check_inside(value: object, type_name: str, path: str) -> list[str]:
    if type_name.startswith(ARRAY_PREFIX):
        assert isinstance(value, list)
        item_type = type_name.removeprefix(ARRAY_PREFIX)
        return [
            problem
            for i, item in enumerate(value)
            for problem in check_value(item, [item_type], f"{path}[{i}]")
        ]
    if isinstance(value, dict):
        return check_object(type_name, value, path)
    return []


@functools.cache
def _fields(type_name: str) -> dict[str, FieldSpec]:
    return {field["name"]: field for field in load_spec().types[type_name].get("fields", [])}


@functools.cache
def _discriminator(type_name: str) -> str | None:
    """The value the `type` field of this kind must have ("article" for InlineQueryResultArticle)."""
    field_spec = _fields(type_name).get("type")
    match = _DISCRIMINATOR.search(field_spec["description"]) if field_spec else None
    return match.group(1) if match else None


def check_object(type_name: str, payload: Mapping[str, Any], path: str | None = None) -> list[str]:
    """Problems of an object against the spec's type: required fields, unknown fields, field types."""
    path = path or type_name
    spec_type = load_spec().types[type_name]
    if "subtypes" in spec_type:
        kinds = spec_type["subtypes"]
        narrowed = [kind for kind in kinds if _discriminator(kind) in (None, payload.get("type"))]
        attempts = [check_object(kind, payload, path) for kind in narrowed or kinds]
        closest = min(attempts, key=len)
        if not closest:
            return []
        return [f"{path}: matches no kind of {type_name}; closest: {'; '.join(closest)}"]
    fields = _fields(type_name)
    problems = [
        f"{path}: missing required field {name!r} of {type_name}"
        for name, field in fields.items()
        if field["required"] and name not in payload
    ]
    for name, value in payload.items():
        field_spec = fields.get(name)
        if field_spec is None:
            problems.append(f"{path}.{name}: unknown field of {type_name}")
            continue
        problems.extend(check_value(value, field_spec["types"], f"{path}.{name}"))
        expected = _discriminator(type_name) if name == "type" else None
        if expected is not None and value != expected:
            problems.append(f"{path}.type: {type_name} must have type {expected!r}")
    return problems


def _attach_problems(value: object, files: Mapping[str, UploadedFile], path: str) -> list[str]:
    """An "attach://name" reference must name a part of the multipart request."""
    if isinstance(value, str) and value.startswith("attach://"):
        name = value.removeprefix("attach://")
        return [] if name in files else [f"{path}: {value!r} names no uploaded file"]
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _attach_problems(item, files, f"{path}.{key}")]
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in _attach_problems(item, files, f"{path}[{i}]")]
    return []


def check_call(
    method: str, params: Mapping[str, object], files: Mapping[str, UploadedFile] | None = None
) -> list[str]:
    """Everything the real Bot API would refuse in this call (empty when the call is fine)."""
    spec = load_spec().method(method)
    if spec is None:
        return [f"unknown Bot API method {method!r}"]
    fields = {field["name"]: field for field in spec.get("fields", [])}
    problems = [
        f"missing required parameter {name!r}"
        for name, field in fields.items()
        if field["required"] and name not in params
    ]
    for name, value in params.items():
        field_spec = fields.get(name)
        if field_spec is None:
            problems.append(f"unknown parameter {name!r} (accepted: {', '.join(fields) or 'none'})")
        else:
            problems.extend(check_value(value, field_spec["types"], name))
            problems.extend(_attach_problems(value, files or {}, name))
    if not problems:
        problems.extend(limit_problems(spec["name"], params))
    return problems


def check_result(method: str, result: object) -> list[str]:
    """Problems of an answer against what the method is documented to return."""
    spec = load_spec().method(method)
    if spec is None:
        return [f"unknown Bot API method {method!r}"]
    returns = ["Boolean" if name == "True" else name for name in spec["returns"]]
    return check_value(result, returns, f"{spec['name']} result")
