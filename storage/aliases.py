"""Admin aliases: short names for a unit or an activity, stored normalised and kept across plans.

An alias names its target by canonical names (not ids), so it survives a new cut-off of the plan.
Functions flush but do not commit: call them inside `storage.db.session_scope`.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from bot.domain.query import Candidate
from bot.domain.text import normalize
from storage.models import Alias

MAX_ALIAS = 100
UNIT, ACTIVITY = "unit", "activity"


class AliasTaken(ValueError):
    """The alias already names something else."""

    def __init__(self, existing: Alias) -> None:
        super().__init__(f"alias {existing.alias!r} already names {target_of(existing)}")
        self.existing = existing


def normalize_alias(text: str) -> str:
    """The alias as it is stored and compared; raises ValueError when empty or too long."""
    alias = normalize(text)
    if not alias:
        raise ValueError("empty alias")
    if len(alias) > MAX_ALIAS:
        raise ValueError(f"alias longer than {MAX_ALIAS} characters")
    return alias


def target_of(alias: Alias) -> Candidate:
    """The unit or activity an alias row names."""
    return Candidate(unit=alias.target_unit, activity=alias.target_activity)


def get_alias(*, session: Session, alias: str) -> Alias | None:
    """The alias with that name (normalised here), if any."""
    return session.exec(select(Alias).where(Alias.alias == normalize(alias))).first()


def list_aliases(*, session: Session) -> list[Alias]:
    """Every alias, alphabetically."""
    return list(session.exec(select(Alias).order_by(col(Alias.alias))))


def add_alias(
    *, session: Session, alias: str, target: Candidate, created_by: int | None = None
) -> tuple[Alias, bool]:
    """Adds an alias; returns (alias, created). The same alias for the same target is not an error.

    Raises AliasTaken when the alias already names another target, ValueError when it is empty or
    too long once normalised.
    """
    name = normalize_alias(alias)
    existing = get_alias(session=session, alias=name)
    if existing is not None:
        if target_of(existing) != target:
            raise AliasTaken(existing)
        return existing, False
    row = Alias(
        alias=name,
        target_kind=UNIT if target.activity is None else ACTIVITY,
        target_unit=target.unit,
        target_activity=target.activity,
        created_by=created_by,
    )
    session.add(row)
    session.flush()
    return row, True


def remove_alias(*, session: Session, alias: str) -> Candidate | None:
    """Removes an alias; returns what it named, or None when there was no such alias."""
    existing = get_alias(session=session, alias=alias)
    if existing is None:
        return None
    target = target_of(existing)
    session.delete(existing)
    session.flush()
    return target
