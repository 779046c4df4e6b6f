"""The tables poi-bot keeps: plans and their figures, import notes, aliases, and the bot's users."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import BigInteger, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Returns the current time in UTC, aware: SQLModel's datetime columns refuse naive values."""
    return datetime.now(UTC)


class UnsavedRowError(RuntimeError):
    """A row's id was needed before the database gave it one (it was never added and flushed)."""


class _Row(Protocol):
    @property
    def id(self) -> int | None: ...


def saved_id(row: _Row) -> int:
    """The id the database gave a row; raises UnsavedRowError for a row not flushed yet."""
    if row.id is None:
        raise UnsavedRowError(f"{type(row).__name__} has no id yet: add it to a session and flush first")
    return row.id


class Plan(SQLModel, table=True):
    """One imported POI execution report: an entity's plan for a year, up to a data cut-off."""

    id: int | None = Field(default=None, primary_key=True)
    entity: str = Field(max_length=200)
    year: int = Field(index=True)
    cutoff_month: int = Field(ge=1, le=12)  # last month with executed data
    title: str = Field(default="", max_length=500)
    source_name: str = Field(max_length=500)
    source_sha256: str = Field(max_length=64, unique=True)
    source_format: str = Field(max_length=40)  # report_text | template | ceplan
    imported_at: datetime = Field(default_factory=utcnow)
    is_current: bool = Field(default=False, index=True)


class Unit(SQLModel, table=True):
    """An organisational unit (unidad orgánica / centro de costo) within a plan."""

    __table_args__ = (UniqueConstraint("plan_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=300)
    position: int  # order of first appearance in the source


class Activity(SQLModel, table=True):
    """An actividad operativa of a unit, with its annual physical target."""

    __table_args__ = (UniqueConstraint("unit_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    unit_id: int = Field(foreign_key="unit.id", index=True, ondelete="CASCADE")
    position: int  # order in the source
    mef_category: str = Field(default="", max_length=300)
    name: str = Field(max_length=500)
    measure: str = Field(default="", max_length=100)  # unidad de medida
    annual_target: float
    source_line: int | None = None


class MonthFigure(SQLModel, table=True):
    """Programmed and executed quantity of one activity in one month.

    ``None`` means the source says nothing for that month (not programmed in the report, or
    execution not reported yet). An ``*_inferred`` flag marks a value the importer reconstructed.
    """

    __table_args__ = (UniqueConstraint("activity_id", "month"),)

    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(foreign_key="activity.id", index=True, ondelete="CASCADE")
    month: int = Field(ge=1, le=12)
    programmed: float | None = None
    executed: float | None = None
    programmed_inferred: bool = False
    executed_inferred: bool = False
    note: str = Field(default="", max_length=500)  # e.g. CEPLAN's Motivo(SE): why it deviated


class QuarterFigure(SQLModel, table=True):
    """Programmed and executed quantity of one activity in one quarter, as published."""

    __table_args__ = (UniqueConstraint("activity_id", "quarter"),)

    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(foreign_key="activity.id", index=True, ondelete="CASCADE")
    quarter: int = Field(ge=1, le=4)
    programmed: float | None = None
    executed: float | None = None


class ImportCheck(SQLModel, table=True):
    """One reconciliation check of an import: a total the source states against what it adds up to."""

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    position: int
    what: str = Field(max_length=300)
    expected: float
    found: float
    ok: bool


class ImportNote(SQLModel, table=True):
    """Something an import had to infer or found inconsistent, tied to a source line."""

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    position: int
    line: int | None = None
    unit: str = Field(default="", max_length=300)
    activity: str = Field(default="", max_length=500)
    kind: str = Field(max_length=40)  # inferred | inconsistent | total_mismatch | ...
    detail: str = Field(max_length=1000)


class Alias(SQLModel, table=True):
    """A short name admins gave to a unit or activity; it outlives plans (keyed by canonical name)."""

    id: int | None = Field(default=None, primary_key=True)
    alias: str = Field(max_length=100, unique=True)  # stored normalised (see bot.domain.text.normalize)
    target_kind: str = Field(max_length=10)  # unit | activity
    target_unit: str = Field(max_length=300)  # canonical unit name (the activity's unit, for activities)
    target_activity: str | None = Field(default=None, max_length=500)  # canonical activity name
    created_by: int | None = Field(default=None, sa_type=BigInteger)  # Telegram user id
    created_at: datetime = Field(default_factory=utcnow)


class User(SQLModel, table=True):
    """A Telegram user who asked for access; status pending | approved | denied | revoked."""

    id: int | None = Field(default=None, primary_key=True)
    telegram_id: int = Field(sa_type=BigInteger, unique=True, index=True)
    chat_id: int | None = Field(default=None, sa_type=BigInteger)  # private chat, for pushes
    name: str = Field(default="", max_length=200)
    username: str = Field(default="", max_length=100)
    status: str = Field(default="pending", max_length=20)
    unit_name: str | None = Field(default=None, max_length=300)  # canonical unit name ("mi unidad")
    is_active: bool = True  # False once Telegram says the user blocked the bot
    created_at: datetime = Field(default_factory=utcnow)
    decided_by: int | None = Field(default=None, sa_type=BigInteger)
    decided_at: datetime | None = None


class QuestionLog(SQLModel, table=True):
    """Every question asked: who, when, what it said and what was understood."""

    id: int | None = Field(default=None, primary_key=True)
    telegram_id: int = Field(sa_type=BigInteger, index=True)
    chat_id: int = Field(sa_type=BigInteger)
    asked_at: datetime = Field(default_factory=utcnow, index=True)
    surface: str = Field(max_length=20)  # text | command | inline | button
    text: str = Field(max_length=4096)
    intent: str = Field(max_length=30)
    unit: str | None = Field(default=None, max_length=300)
    activity: str | None = Field(default=None, max_length=500)
    period: str | None = Field(default=None, max_length=40)


class Subscription(SQLModel, table=True):
    """A chat that receives the scheduled pushes for a unit ("*" = every unit, admins only)."""

    __table_args__ = (UniqueConstraint("chat_id", "scope"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger, index=True)
    telegram_id: int = Field(sa_type=BigInteger)
    scope: str = Field(max_length=300)  # canonical unit name, or "*"
    paused_until: datetime | None = None  # UTC
    created_at: datetime = Field(default_factory=utcnow)


class Delivery(SQLModel, table=True):
    """One scheduled message to one chat, claimed before it is sent so it goes out exactly once.

    status: claimed | sending | sent | failed | skipped. The unique key is what makes a second process, a
    restart or a retry unable to send the same message twice.
    """

    __table_args__ = (UniqueConstraint("kind", "period_key", "chat_id"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=30)  # reminder | quarter_alert | quarter_summary | data_update
    period_key: str = Field(max_length=40)  # e.g. 2019-09, 2019-Q3, plan-7
    chat_id: int = Field(sa_type=BigInteger, index=True)
    status: str = Field(default="claimed", max_length=20)
    attempts: int = 0
    last_error: str = Field(default="", max_length=1000)
    claimed_by: str = Field(default="", max_length=100)
    claimed_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None


class PushRun(SQLModel, table=True):
    """One broadcast of a push (a scheduled occurrence or a data update) and whether it completed.

    Start-up catch-up reads it: an occurrence whose run completed is never started again, one that
    was cut short is resumed while within the grace (the deliveries keep each chat to one message).
    """

    __table_args__ = (UniqueConstraint("kind", "period_key"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=30)  # reminder | quarter_alert | quarter_summary | data_update
    period_key: str = Field(max_length=40)  # e.g. 2019-09, 2019-Q3, plan-7
    fired_at: datetime  # UTC: the occurrence's fire time, or when the data update was announced
    previous_plan_id: int | None = None  # data updates: the plan the changes are measured from
    started_at: datetime = Field(default_factory=utcnow)
    completed_at: datetime | None = None
    summary: str = Field(default="", max_length=1000)  # the last run's figures (BroadcastSummary)


class MonthReport(SQLModel, table=True):
    """A unit's execution of one month, entered in the chat: a draft until submitted, then validated
    (its figures written into the plan) or returned to the unit with a note.

    status: draft | submitted | returned | validated. While a draft, ``step`` is the activity being
    asked (== the number of entries: the review) and ``awaiting`` what the form waits for there.
    """

    __table_args__ = (UniqueConstraint("plan_id", "month", "unit"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    year: int
    month: int = Field(ge=1, le=12)
    unit: str = Field(max_length=300)  # canonical unit name
    status: str = Field(default="draft", max_length=20)
    owner: int = Field(sa_type=BigInteger, index=True)  # who is filling the draft now (Telegram id)
    step: int = 0
    awaiting: str = Field(default="number", max_length=20)  # number | reason | outlier | review
    pending_value: float | None = None  # a value far above the programmed, awaiting confirmation
    editing: bool = False  # a correction chosen from the review: back to the review afterwards
    submitted_by: int | None = Field(default=None, sa_type=BigInteger)
    submitted_at: datetime | None = None
    validated_by: int | None = Field(default=None, sa_type=BigInteger)
    validated_at: datetime | None = None
    returned_by: int | None = Field(default=None, sa_type=BigInteger)
    return_note: str = Field(default="", max_length=1000)
    noting_admin: int | None = Field(default=None, sa_type=BigInteger)  # admin typing a return note
    updated_at: datetime = Field(default_factory=utcnow)


class ReportEntry(SQLModel, table=True):
    """One activity's figure in a month report: what was programmed, what the unit executed, why."""

    __table_args__ = (UniqueConstraint("report_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="monthreport.id", index=True, ondelete="CASCADE")
    activity_id: int = Field(foreign_key="activity.id", ondelete="CASCADE")
    position: int  # order in the form
    activity: str = Field(max_length=500)
    measure: str = Field(default="", max_length=100)
    programmed: float | None = None  # the month's programmed quantity (estimated when the plan has none)
    programmed_estimated: bool = False
    answered: bool = False
    skipped: bool = False  # "omitir": left unreported
    executed: float | None = None
    reason: str = Field(default="", max_length=500)  # CEPLAN's Motivo(SE)
    entered_by: int | None = Field(default=None, sa_type=BigInteger)
    entered_at: datetime | None = None


class ReportAudit(SQLModel, table=True):
    """Every step of a month report: who did what, when."""

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="monthreport.id", index=True, ondelete="CASCADE")
    telegram_id: int = Field(sa_type=BigInteger)
    action: str = Field(max_length=40)
    detail: str = Field(default="", max_length=1000)
    at: datetime = Field(default_factory=utcnow)
