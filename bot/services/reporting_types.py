"""What the reporting service hands back to the Telegram glue: texts and button specs, no Telegram."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Button:
    text: str
    data: str


@dataclass(frozen=True)
class Reply:
    """One HTML message and its inline keyboard (rows of buttons)."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()


@dataclass(frozen=True)
class Notice:
    """A message to another chat: the admins on a submission, the manager on a validation."""

    chat_id: int
    reply: Reply


@dataclass(frozen=True)
class Document:
    name: str
    data: bytes
    caption: str


@dataclass(frozen=True)
class Outcome:
    """What one step produced: replies in the actor's chat, notices elsewhere, a button's alert."""

    replies: tuple[Reply, ...] = ()
    notices: tuple[Notice, ...] = ()
    alert: str | None = None
    document: Document | None = None
    plan_changed: bool = False  # a month was written into the current plan: reload the answers


@dataclass(frozen=True)
class Actor:
    """Who is reporting, as access sees them."""

    telegram_id: int
    name: str
    is_admin: bool
    unit: str | None
    admin_ids: tuple[int, ...] = field(default=())


def say(text: str, *rows: tuple[Button, ...]) -> Outcome:
    """An outcome of one reply."""
    return Outcome(replies=(Reply(text, tuple(rows)),))
