"""A fake Bot API transport: hand it to the ApplicationBuilder and no test touches the network.

`FakeTransport` is a `telegram.request.BaseRequest`. Every call is decoded (parameters as the JSON
Telegram receives, uploads as `UploadedFile`), recorded as an `ApiCall`, checked against the Bot API
spec and answered by a `FakeTelegram` with realistic result objects. A spec violation raises
`SpecViolation` (an AssertionError that PTB passes through unwrapped) and is also kept in
`violations`, so a handler that catches errors cannot hide it. `fail_next` injects the failures
Telegram produces: entities BadRequest, RetryAfter, Forbidden, TimedOut, NetworkError.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import unquote

from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.request import BaseRequest, RequestData

from tests.telegram_limits import markup_error
from tests.telegram_server import ApiError, FakeTelegram, NoFakeAnswer
from tests.telegram_spec import UploadedFile, check_call, check_result, load_spec

TEST_TOKEN = "123456:TEST-token"
FILE_DOWNLOAD = "file download"  # the method name recorded for GET requests of file contents
FailureKind = Literal["bad_request_entities", "retry_after", "forbidden", "timed_out", "network"]
_URL = re.compile(r"/(?P<file>file/)?bot(?P<token>[^/]+)/(?P<rest>.+)$")
_ATTACH = re.compile(r'"attach://([^"]+)"')


class HarnessAssertion(AssertionError, TelegramError):
    """A test failure raised inside the transport; a TelegramError so PTB re-raises it unwrapped."""

    def __init__(self, message: str) -> None:
        TelegramError.__init__(self, message)


class SpecViolation(HarnessAssertion):
    """A request the real Bot API would refuse."""


@dataclass
class ApiCall:
    """One request the bot made and what the fake answered."""

    method: str
    params: dict[str, Any]
    files: dict[str, UploadedFile] = field(default_factory=dict)
    result: Any = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class _PlannedFailure:
    method: str
    kind: FailureKind
    chat_id: int | str | None
    remaining: int
    retry_after: int
    description: str | None


def decode_request(request_data: RequestData | None) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """The parameters as Telegram decodes them, and the uploaded files by part name."""
    if request_data is None:
        return {}, {}
    params: dict[str, Any] = json.loads(json.dumps(request_data.parameters))
    attached = set(_ATTACH.findall(json.dumps(params)))
    files: dict[str, UploadedFile] = {}
    for part, (filename, content, mime_type) in request_data.multipart_data.items():
        data = content if isinstance(content, bytes) else content.read()
        files[part] = UploadedFile(filename=filename, data=data, mime_type=mime_type)
        if part not in attached:
            params[part] = files[part]  # a direct upload is the parameter itself
    return params, files


class FakeTransport(BaseRequest):
    """Records, checks and answers every Bot API request offline."""

    def __init__(
        self,
        *,
        token: str = TEST_TOKEN,
        bot_username: str = "poi_test_bot",
        bot_first_name: str = "POI Bot",
        can_read_all_group_messages: bool = True,
    ) -> None:
        self.token = token
        self.server = FakeTelegram(
            bot_id=int(token.split(":", 1)[0]),
            bot_username=bot_username,
            bot_first_name=bot_first_name,
            reads_all=can_read_all_group_messages,
        )
        self.calls: list[ApiCall] = []
        self.violations: list[str] = []
        self._failures: list[_PlannedFailure] = []

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def initialize(self) -> None:
        """Nothing to open: there is no connection."""

    async def shutdown(self) -> None:
        """Nothing to close; the records stay readable after the application shuts down."""

    def fail_next(
        self,
        method: str,
        kind: FailureKind,
        *,
        chat_id: int | str | None = None,
        count: int = 1,
        retry_after: int = 3,
        description: str | None = None,
    ) -> None:
        """Makes the next `count` calls of `method` (to `chat_id`, if given) fail as `kind` says."""
        canonical = load_spec().method(method)
        if canonical is None:
            raise ValueError(f"unknown Bot API method {method!r}")
        self._failures.append(
            _PlannedFailure(canonical["name"], kind, chat_id, count, retry_after, description)
        )

    def set_result(self, method: str, result: object) -> None:
        """Answers every later call of `method` with `result` (checked against the spec's return type)."""
        spec = load_spec().method(method)
        problems = check_result(method, result)
        if spec is None or problems:
            raise ValueError("; ".join(problems))
        self.server.canned[spec["name"]] = result

    def take_violations(self) -> list[str]:
        """The violations recorded so far, clearing them (for tests that provoke one on purpose)."""
        taken, self.violations = self.violations, []
        return taken

    def calls_to(self, method: str) -> list[ApiCall]:
        return [call for call in self.calls if call.method == method]

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        match = _URL.search(url)
        if match is None or unquote(match["token"]) != self.token:  # file URLs quote the token
            return 401, ApiError(401, "Unauthorized").payload()
        if match["file"]:
            return self._download(match["rest"])
        spec = load_spec().method(match["rest"])
        params, files = decode_request(request_data)
        call = ApiCall(spec["name"] if spec else match["rest"], params, files)
        self.calls.append(call)
        problems = check_call(call.method, params, files)
        if problems:
            message = f"{call.method} breaks the Bot API spec: " + "; ".join(problems)
            self.violations.append(message)
            call.error = message
            raise SpecViolation(message)
        return self._answer(call)

    def _download(self, file_path: str) -> tuple[int, bytes]:
        data = self.server.download(file_path)
        call = ApiCall(FILE_DOWNLOAD, {"file_path": file_path})
        self.calls.append(call)
        if data is None:
            call.error = "Not Found"
            return 404, ApiError(404, "Not Found").payload()
        call.result = f"{len(data)} bytes"
        return 200, data

    def _take_failure(self, call: ApiCall) -> _PlannedFailure | None:
        for failure in self._failures:
            if failure.method == call.method and failure.chat_id in (None, call.params.get("chat_id")):
                failure.remaining -= 1
                if failure.remaining <= 0:
                    self._failures.remove(failure)
                return failure
        return None

    def _answer(self, call: ApiCall) -> tuple[int, bytes]:
        failure = self._take_failure(call)
        try:
            if failure is not None:
                self._fail(failure)
            entities_error = markup_error(call.method, call.params)
            if entities_error:
                raise ApiError(400, entities_error)
            result = self.server.answer(call.method, call.params)
        except ApiError as exc:
            call.error = exc.description
            return exc.code, exc.payload()
        except TelegramError as exc:
            call.error = f"{type(exc).__name__}: {exc.message}"
            raise
        except NoFakeAnswer as exc:
            call.error = str(exc)
            self.violations.append(str(exc))
            raise HarnessAssertion(f"{exc}; give one with transport.set_result()") from exc
        problems = check_result(call.method, result)
        if problems:
            raise HarnessAssertion(f"the fake answered {call.method} wrongly: {'; '.join(problems)}")
        call.result = result
        return 200, json.dumps({"ok": True, "result": result}).encode("utf-8")

    @staticmethod
    def _fail(failure: _PlannedFailure) -> None:
        if failure.kind == "timed_out":
            raise TimedOut(failure.description)
        if failure.kind == "network":
            raise NetworkError(failure.description or "httpx.ConnectError: All connection attempts failed")
        if failure.kind == "forbidden":
            raise ApiError(403, failure.description or "Forbidden: bot was blocked by the user")
        if failure.kind == "retry_after":
            raise ApiError(
                429,
                failure.description or f"Too Many Requests: retry after {failure.retry_after}",
                {"retry_after": failure.retry_after},
            )
        raise ApiError(
            400,
            failure.description
            or "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"",
        )
