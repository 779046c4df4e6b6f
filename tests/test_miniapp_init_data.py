"""Telegram's launch data (initData) is trusted only when its HMAC matches the bot token and it is fresh."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qsl, urlencode

import pytest

from bot.web.miniapp.init_data import InitDataError, WebAppUser, sign_init_data, validate_init_data
from tests.miniapp_support import DAY, MANAGER_ID, TOKEN, launch_data


def check(
    init_data: str, *, token: str = TOKEN, max_age: float = DAY, now: float | None = None
) -> WebAppUser:
    return validate_init_data(init_data, token, max_age=max_age, now=time.time() if now is None else now)


def altered(init_data: str, **changes: str) -> str:
    fields = dict(parse_qsl(init_data))
    fields.update(changes)
    return urlencode(fields)


def test_valid_launch_data_names_the_user() -> None:
    user = check(launch_data(MANAGER_ID, first_name="Mario"))
    assert user == WebAppUser(id=MANAGER_ID, first_name="Mario")
    assert user.full_name == "Mario"


def test_the_signer_agrees_with_the_docs_recipe() -> None:
    fields = dict(parse_qsl(launch_data(MANAGER_ID)))
    digest = fields.pop("hash")
    assert dict(parse_qsl(sign_init_data(fields, TOKEN)))["hash"] == digest


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(
            lambda d: altered(d, user=json.dumps({"id": 900001, "first_name": "Ana"})), id="other-user"
        ),
        pytest.param(lambda d: altered(d, auth_date=str(int(time.time()))), id="new-date"),
        pytest.param(lambda d: altered(d, hash="0" * 64), id="zero-hash"),
        pytest.param(lambda d: urlencode({k: v for k, v in parse_qsl(d) if k != "hash"}), id="no-hash"),
        pytest.param(lambda d: d + "&extra=1", id="extra-field"),
        pytest.param(lambda d: d + "&auth_date=1", id="repeated-field"),
        pytest.param(lambda d: "", id="empty"),
        pytest.param(lambda d: "%%%", id="garbage"),
    ],
)
def test_altered_launch_data_is_refused(forge: object) -> None:
    assert callable(forge)
    with pytest.raises(InitDataError):
        check(forge(launch_data(MANAGER_ID)))


def test_another_bots_launch_data_is_refused() -> None:
    with pytest.raises(InitDataError, match="bad hash"):
        check(launch_data(MANAGER_ID, token="654321:OTHER-bot"))


def test_stale_and_future_launch_data_are_refused() -> None:
    with pytest.raises(InitDataError, match="stale"):
        check(launch_data(MANAGER_ID, age=DAY + 60))
    with pytest.raises(InitDataError, match="stale"):
        check(launch_data(MANAGER_ID, age=-600))  # signed "ten minutes from now"
    assert check(launch_data(MANAGER_ID, age=DAY - 60)).id == MANAGER_ID
    assert check(launch_data(MANAGER_ID, age=3600), max_age=3600 + 5).id == MANAGER_ID


def test_launch_data_without_a_user_is_refused() -> None:
    fields = {"auth_date": str(int(time.time())), "query_id": "Q"}
    with pytest.raises(InitDataError, match="no user"):
        check(sign_init_data(fields, TOKEN))
    with pytest.raises(InitDataError, match="no user"):
        check(sign_init_data({**fields, "user": json.dumps({"id": "12"})}, TOKEN))
