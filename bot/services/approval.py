"""Access decisions: admins approve or deny a request (and pick the user's unit); users pick theirs.

The functions take ids and the plan a button was made for, write the decision, and say what the
admin's message becomes and whom to tell what; the handlers turn that into Telegram calls.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.markup import html_escape as esc
from bot.domain.markup import person_name
from bot.services.questions import NoPlanError, PoiService
from storage.db import session_scope
from storage.users import APPROVED, DENIED, decide, get_user, set_unit

STALE_TEXT = "Esos botones son de una versión anterior de los datos. Vuelve a preguntar, por favor."
INVALID_TEXT = "Ese botón ya no es válido."
APPROVED_USER_TEXT = "¡Listo! Ya tienes acceso a poi-bot. Pregúntame, por ejemplo, «¿cómo va finanzas?»."
DENIED_USER_TEXT = "Tu solicitud de acceso a poi-bot no fue aprobada."
UNKNOWN_USER_TEXT = "No encontré a ese usuario."
DONE_TEXT = "Hecho."
RESTRICTED_UNIT_TEXT = "Tu unidad la asigna un administrador."
UNIT_SAVED_TEXT = "Unidad guardada."


def unit_notice(unit: str) -> str:
    """What a user is told when their unit is set (plain text)."""
    return f"Tu unidad en poi-bot: {unit}."


@dataclass(frozen=True)
class Notice:
    """A plain-text message for a user's private chat."""

    chat_id: int
    text: str


@dataclass(frozen=True)
class ButtonOutcome:
    """What a button press gets: the answer to the press, the pressed message's new HTML, the
    unit buttons to offer with it (`offer_units`), and the users to tell."""

    answer: str
    show_alert: bool = False
    html: str | None = None
    offer_units: bool = False
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True)
class UnitChoices:
    """The units an admin or a user can pick from, with the plan the buttons are made for."""

    plan_id: int
    units: tuple[str, ...]


def unit_choices(poi: PoiService) -> UnitChoices | None:
    """The current plan's units, or None when no plan is loaded."""
    try:
        snapshot = poi.snapshot()
    except NoPlanError:
        return None
    return UnitChoices(snapshot.plan_id, tuple(snapshot.units))


def _who(name: str, username: str, telegram_id: int) -> str:
    handle = f" (@{person_name(username)})" if username else ""
    return f"<b>{esc(person_name(name))}</b>{esc(handle)}"


def request_text(name: str, username: str, telegram_id: int) -> str:
    """The HTML every admin gets when someone asks for access."""
    who = _who(name, username, telegram_id)
    return f"🔔 Solicitud de acceso de {who}, id <code>{telegram_id}</code>. ¿Aprobar?"


def unit_needed_text(name: str, username: str, telegram_id: int) -> str:
    """The HTML every admin gets when a user restricted to their unit has none."""
    who = _who(name, username, telegram_id)
    return (
        f"🔔 {who}, id <code>{telegram_id}</code>, "
        "solo puede consultar su unidad y aún no tiene una. ¿Cuál es su unidad?"
    )


def _chosen_unit(poi: PoiService, plan_id: int, unit_index: int) -> str | None:
    """The unit a button names, or None when the button was made for another plan."""
    choices = unit_choices(poi)
    if choices is None or choices.plan_id != plan_id or unit_index >= len(choices.units):
        return None
    return choices.units[unit_index]


def decide_access(
    poi: PoiService, *, approve: bool, telegram_id: int, plan_id: int, unit_index: int | None, by: int
) -> ButtonOutcome:
    """An admin's approve/deny button (with `unit_index`, the unit button after an approval)."""
    unit_name = None
    if unit_index is not None:
        unit_name = _chosen_unit(poi, plan_id, unit_index)
        if unit_name is None:
            return ButtonOutcome(STALE_TEXT, show_alert=True)
    status = APPROVED if approve else DENIED
    with session_scope(poi.engine) as session:
        before = get_user(session=session, telegram_id=telegram_id)
        was_unit = before.unit_name if before is not None else None  # read before the decision sets it
        user = decide(session=session, telegram_id=telegram_id, status=status, by=by, unit_name=unit_name)
        chat_id, name = (user.chat_id, person_name(user.name)) if user else (None, "")
    if user is None:
        return ButtonOutcome(UNKNOWN_USER_TEXT, show_alert=True)
    notices: tuple[Notice, ...] = ()
    if chat_id is not None and unit_index is None:
        notices = (Notice(chat_id, APPROVED_USER_TEXT if approve else DENIED_USER_TEXT),)
    elif chat_id is not None and unit_name and unit_name != was_unit:
        notices = (Notice(chat_id, unit_notice(unit_name)),)
    if not approve:
        return ButtonOutcome(DONE_TEXT, html=f"❌ Acceso denegado a {esc(name)}.", notices=notices)
    if unit_name is None:
        text = f"✅ Acceso aprobado a {esc(name)}. ¿Cuál es su unidad?"
        return ButtonOutcome(DONE_TEXT, html=text, offer_units=True, notices=notices)
    return ButtonOutcome(DONE_TEXT, html=f"✅ {esc(name)}: unidad {esc(unit_name)}.", notices=notices)


def choose_my_unit(
    poi: PoiService, *, telegram_id: int, restricted: bool, plan_id: int, unit_index: int | None
) -> ButtonOutcome:
    """A user's "my unit" button: sets the unit their questions default to."""
    choices = unit_choices(poi)
    if choices is None:
        return ButtonOutcome(INVALID_TEXT, show_alert=True)
    if plan_id != choices.plan_id or unit_index is None or unit_index >= len(choices.units):
        return ButtonOutcome(STALE_TEXT, show_alert=True)
    if restricted:
        return ButtonOutcome(RESTRICTED_UNIT_TEXT, show_alert=True)
    unit = choices.units[unit_index]
    with session_scope(poi.engine) as session:
        set_unit(session=session, telegram_id=telegram_id, unit_name=unit)
    text = f"Listo: tu unidad es <b>{esc(unit)}</b>. Las preguntas sin unidad hablarán de ella."
    return ButtonOutcome(UNIT_SAVED_TEXT, html=text)
