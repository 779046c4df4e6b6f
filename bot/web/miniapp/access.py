"""Who may see the dashboard: the chat's own rules (handlers.access), for a user named by initData.

Admins (by id) and everyone in open mode are approved at once, as in the chat; anyone else must have
been approved there first. A Mini App has no chat, so the stored private chat is left as it is.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from bot.context import Services
from bot.services.access import Asker, settle_access
from bot.web.miniapp.init_data import WebAppUser
from storage.db import session_scope
from storage.users import APPROVED, get_user, register_user


def viewer(services: Services, person: WebAppUser) -> Asker | None:
    """The person as the chat's access rules see them (None: never seen and not auto-approved).

    When the chat registered the same person a moment earlier, the insert fails on the unique id
    and the look-up is simply done again (as handlers.access.identify does).
    """
    try:
        return _viewer(services, person)
    except IntegrityError:
        return _viewer(services, person)


def _viewer(services: Services, person: WebAppUser) -> Asker | None:
    settings = services.settings
    admin = person.id in settings.admin_ids
    auto_approve = admin or settings.access_mode == "open"
    with session_scope(services.engine) as session:
        user = get_user(session=session, telegram_id=person.id)
        if user is None and not auto_approve:
            return None
        if user is None:
            user, _ = register_user(
                session=session,
                telegram_id=person.id,
                chat_id=None,
                name=person.full_name,
                username=person.username,
                status=APPROVED,
            )
        return settle_access(
            session,
            user,
            admin=admin,
            open_mode=settings.access_mode == "open",
            restrict_to_own_unit=settings.restrict_to_own_unit,
        )
