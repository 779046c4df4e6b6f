"""Users, their access and unit, and the log of questions asked."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from storage.models import QuestionLog, User, utcnow

PENDING, APPROVED, DENIED, REVOKED = "pending", "approved", "denied", "revoked"
TYPING_WINDOW = timedelta(seconds=30)


def get_user(*, session: Session, telegram_id: int) -> User | None:
    """The user with that Telegram id, if they ever wrote to the bot."""
    return session.exec(select(User).where(User.telegram_id == telegram_id)).first()


def register_user(
    *,
    session: Session,
    telegram_id: int,
    chat_id: int | None,
    name: str,
    username: str,
    status: str = PENDING,
) -> tuple[User, bool]:
    """Finds or creates a user, refreshing their names and chat; returns (user, created)."""
    user = get_user(session=session, telegram_id=telegram_id)
    created = user is None
    if user is None:
        user = User(telegram_id=telegram_id, status=status)
    user.name = name[:200]
    user.username = username[:100]
    if chat_id is not None:
        user.chat_id = chat_id
    user.is_active = True
    session.add(user)
    session.flush()
    return user, created


def decide(
    *, session: Session, telegram_id: int, status: str, by: int, unit_name: str | None = None
) -> User | None:
    """Approves, denies or revokes a user (and sets their unit when given)."""
    user = get_user(session=session, telegram_id=telegram_id)
    if user is None:
        return None
    user.status = status
    user.decided_by = by
    user.decided_at = utcnow()
    if unit_name is not None:
        user.unit_name = unit_name
    session.add(user)
    session.flush()
    return user


def set_unit(*, session: Session, telegram_id: int, unit_name: str | None) -> User | None:
    """Sets the unit a user's questions default to ("mi unidad")."""
    user = get_user(session=session, telegram_id=telegram_id)
    if user is None:
        return None
    user.unit_name = unit_name
    session.add(user)
    session.flush()
    return user


def list_users(*, session: Session, status: str | None = None) -> list[User]:
    """Users, newest first, optionally of one status."""
    statement = select(User).order_by(col(User.created_at).desc())
    if status is not None:
        statement = statement.where(User.status == status)
    return list(session.exec(statement))


def mark_blocked(*, session: Session, chat_id: int) -> None:
    """Marks the users of a chat inactive: Telegram said they blocked the bot."""
    for user in session.exec(select(User).where(User.chat_id == chat_id)):
        user.is_active = False
        session.add(user)
    session.flush()


def log_question(
    *,
    session: Session,
    telegram_id: int,
    chat_id: int,
    surface: str,
    text: str,
    intent: str,
    unit: str | None = None,
    activity: str | None = None,
    period: str | None = None,
    merge_typing: bool = False,
) -> QuestionLog:
    """Records one question and what was understood of it.

    With ``merge_typing`` (inline mode, where Telegram sends a query at every typing pause), a
    question that extends or trims the same person's previous one of the last TYPING_WINDOW
    replaces it, so "fin", "finan", "finanzas" leave one entry.
    """
    entry: QuestionLog | None = None
    if merge_typing:
        since = utcnow() - TYPING_WINDOW
        statement = (
            select(QuestionLog)
            .where(QuestionLog.telegram_id == telegram_id, QuestionLog.surface == surface)
            .where(QuestionLog.asked_at >= since)
            .order_by(col(QuestionLog.id).desc())
            .limit(1)
        )
        previous = session.exec(statement).first()
        if previous is not None and (text.startswith(previous.text) or previous.text.startswith(text)):
            entry = previous
    if entry is None:
        entry = QuestionLog(telegram_id=telegram_id, chat_id=chat_id, surface=surface, text="", intent=intent)
    entry.chat_id = chat_id
    entry.asked_at = utcnow()
    entry.text = text[:4096]
    entry.intent = intent
    entry.unit = unit
    entry.activity = activity[:500] if activity else None
    entry.period = period
    session.add(entry)
    session.flush()
    return entry


def recent_questions(
    *, session: Session, limit: int = 20, since: datetime | None = None
) -> list[QuestionLog]:
    """The latest questions asked, newest first."""
    statement = select(QuestionLog).order_by(col(QuestionLog.asked_at).desc(), col(QuestionLog.id).desc())
    if since is not None:
        statement = statement.where(QuestionLog.asked_at >= since)
    return list(session.exec(statement.limit(limit)))
