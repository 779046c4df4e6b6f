"""Fixtures of the service tests: the question service on each backend, with or without the sample,
and people registered in the store as /start registers them."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from bot.services.questions import PoiService
from storage.db import session_scope
from storage.importers import import_file
from storage.models import User
from storage.users import PENDING, get_user, register_user
from tests.conftest import SAMPLE_REPORT

ADMIN_ID = 900001
MARIO_ID, MARIO_CHAT = 900002, 700002
COBRANZA = "GERENCIA DE GESTION DE COBRANZA"
RRHH = "GERENCIA DE RECURSOS HUMANOS"


@pytest.fixture
def poi(engine: Engine) -> PoiService:
    """The question service on a store holding the bundled sample (SQLite and PostgreSQL)."""
    import_file(engine, SAMPLE_REPORT, entity="SAT")
    return PoiService(engine)


@pytest.fixture
def empty_poi(engine: Engine) -> PoiService:
    """The question service on a store where no plan was imported yet."""
    return PoiService(engine)


def register(
    engine: Engine,
    telegram_id: int = MARIO_ID,
    chat_id: int | None = MARIO_CHAT,
    name: str = "Mario <Gerente>",
    status: str = PENDING,
) -> None:
    with session_scope(engine) as session:
        register_user(
            session=session, telegram_id=telegram_id, chat_id=chat_id, name=name, username="", status=status
        )


def stored(engine: Engine, telegram_id: int = MARIO_ID) -> User:
    with session_scope(engine) as session:
        user = get_user(session=session, telegram_id=telegram_id)
        assert user is not None
        session.expunge(user)
        return user
