"""What admin commands keep, on SQLite and PostgreSQL: aliases (normalised, one target each) and the
question log read back in local time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.domain.query import Candidate
from bot.services.admin_views import local_time, questions_text
from storage.aliases import AliasTaken, add_alias, get_alias, list_aliases, normalize_alias, remove_alias
from storage.queries import aliases
from storage.users import log_question, recent_questions

COBRANZA = Candidate("GERENCIA DE GESTION DE COBRANZA")
TRIBUTARIA = Candidate("GERENCIA DE GESTION DE COBRANZA", "GESTIONAR COBRANZA PRE COACTIVA TRIBUTARIA")
LIMA = ZoneInfo("America/Lima")


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("Cobrós", "cobros"), ("  RR.HH. ", "rr hh"), ("¿TI?", "ti"), ("Pre-Coactiva 2", "pre coactiva 2")],
)
def test_aliases_are_stored_normalised(typed: str, stored: str) -> None:
    assert normalize_alias(typed) == stored


@pytest.mark.parametrize("typed", ["", "¿?", "x" * 101])
def test_empty_or_long_aliases_are_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="alias"):
        normalize_alias(typed)


def test_alias_crud(session: Session) -> None:
    row, created = add_alias(session=session, alias="Cobrós", target=COBRANZA, created_by=900001)
    assert (created, row.alias, row.target_kind, row.created_by) == (True, "cobros", "unit", 900001)
    _, again = add_alias(session=session, alias="COBROS", target=COBRANZA)
    assert not again
    with pytest.raises(AliasTaken) as taken:
        add_alias(session=session, alias="cobros", target=TRIBUTARIA)
    assert taken.value.existing.alias == "cobros"
    add_alias(session=session, alias="ppt", target=TRIBUTARIA)
    session.commit()
    assert [a.alias for a in list_aliases(session=session)] == ["cobros", "ppt"]
    assert aliases(session=session) == {"cobros": COBRANZA, "ppt": TRIBUTARIA}
    assert get_alias(session=session, alias="PPT") is not None
    assert remove_alias(session=session, alias="Cobrós") == COBRANZA
    assert remove_alias(session=session, alias="cobros") is None
    session.commit()
    assert list(aliases(session=session)) == ["ppt"]


def test_the_question_log_reads_back_in_local_time(session: Session) -> None:
    for minute, text in ((5, "¿cómo va rrhh?"), (7, "rezagadas")):
        entry = log_question(
            session=session, telegram_id=7, chat_id=7, surface="text", text=text, intent="lagging"
        )
        entry.asked_at = datetime(2019, 10, 1, 14, minute, tzinfo=UTC)
    session.commit()
    session.expire_all()
    entries = recent_questions(session=session, limit=10)
    assert [e.text for e in entries] == ["rezagadas", "¿cómo va rrhh?"]
    assert [local_time(e.asked_at, LIMA) for e in entries] == ["01/10/2019 09:07", "01/10/2019 09:05"]
    assert local_time(datetime(2019, 10, 1, 14, 5), LIMA) == "01/10/2019 09:05"  # naive means UTC
    text = questions_text(entries, {7: "Rosa <Ríos>"}, LIMA)
    assert "• 01/10/2019 09:07 · <b>Rosa &lt;Ríos&gt;</b> · texto" in text
