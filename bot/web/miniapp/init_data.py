"""Telegram's Mini App launch data (``initData``): its HMAC checked with the bot token, its age bounded.

Telegram signs the launch parameters it hands a Mini App (core.telegram.org/bots/webapps, "Validating
data received via the Mini App"): the data-check-string is every received field except ``hash``,
sorted by name, as ``name=value`` lines joined by "\\n"; the secret key is HMAC-SHA256 of the bot token
with the key "WebAppData"; ``hash`` is the hex HMAC-SHA256 of the data-check-string with that secret.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

CLOCK_SKEW_SECONDS = 60.0  # an auth_date this far in the future still passes (clocks differ a little)


class InitDataError(ValueError):
    """Launch data that is not Telegram's, was altered, or is too old; the message says which."""


@dataclass(frozen=True)
class WebAppUser:
    """The Telegram user who opened the Mini App, as the signed launch data names them."""

    id: int
    first_name: str
    last_name: str = ""
    username: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def _secret(bot_token: str) -> bytes:
    return hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()


def _check_string(fields: Mapping[str, str]) -> bytes:
    return "\n".join(f"{name}={fields[name]}" for name in sorted(fields)).encode()


def sign_init_data(fields: Mapping[str, str], bot_token: str) -> str:
    """The launch data Telegram would hand over for these fields (tests and local trials use it)."""
    digest = hmac.new(_secret(bot_token), _check_string(fields), hashlib.sha256).hexdigest()
    return urlencode({**fields, "hash": digest})


def validate_init_data(init_data: str, bot_token: str, *, max_age: float, now: float) -> WebAppUser:
    """The user the launch data names, once its hash and its ``auth_date`` (≤ ``max_age`` s) check out."""
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError as exc:
        raise InitDataError("not a query string") from exc
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise InitDataError("a field is repeated")
    received = fields.pop("hash", "")
    expected = hmac.new(_secret(bot_token), _check_string(fields), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, received):
        raise InitDataError("bad hash")
    try:
        auth_date = int(fields["auth_date"])
    except (KeyError, ValueError) as exc:
        raise InitDataError("no auth_date") from exc
    if not -CLOCK_SKEW_SECONDS <= now - auth_date <= max_age:
        raise InitDataError("stale auth_date")
    return _user(fields.get("user", ""))


def _user(raw: str) -> WebAppUser:
    try:
        data = json.loads(raw)
        user_id = data["id"]
    except (ValueError, TypeError, KeyError) as exc:
        raise InitDataError("no user") from exc
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        raise InitDataError("no user")
    return WebAppUser(
        id=user_id,
        first_name=str(data.get("first_name", "")),
        last_name=str(data.get("last_name", "")),
        username=str(data.get("username", "")),
    )
