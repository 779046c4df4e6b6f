"""Who may see the figures, once the store knows the person: the rules every surface shares.

Admins (by id) and, in open mode, everyone are approved at once; a restricted person sees only their
own unit. The chat (handlers.access) and the Mini App (bot.web.miniapp.access) both end here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from storage.models import User
from storage.users import APPROVED, PENDING


@dataclass(frozen=True)
class Asker:
    """The person behind an update, as far as access is concerned."""

    telegram_id: int
    chat_id: int | None
    name: str
    username: str
    is_admin: bool
    status: str
    unit_name: str | None
    restricted: bool  # may only see their own unit

    @property
    def allowed_unit(self) -> str | None:
        """The only unit this person may see, or None when they may see all."""
        return self.unit_name if self.restricted else None


def settle_access(
    session: Session, user: User, *, admin: bool, open_mode: bool, restrict_to_own_unit: bool
) -> Asker:
    """Approves an admin, or a pending user in open mode, and says what this person may see."""
    if (admin or open_mode) and user.status != APPROVED and (admin or user.status == PENDING):
        user.status = APPROVED
        session.add(user)
    return Asker(
        telegram_id=user.telegram_id,
        chat_id=user.chat_id,
        name=user.name,
        username=user.username,
        is_admin=admin,
        status=user.status,
        unit_name=user.unit_name,
        restricted=restrict_to_own_unit and not admin,
    )
