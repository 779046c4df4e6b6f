"""Which scope /suscribir or /desuscribir names: one unit of the plan, every unit, or why neither.

The reasons are Spanish Telegram HTML, ready to send.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.domain.markup import html_escape as esc
from bot.domain.query import Query
from bot.domain.snapshot import PlanSnapshot
from bot.domain.text import normalize
from bot.services.admin_views import candidates_text
from bot.understanding.name_targets import resolve_name
from storage.subscriptions import ALL_UNITS

ALL_WORDS = frozenset(
    {"*", "todas", "todos", "todo", "todas las unidades", "toda la institucion", "institucion"}
)
NO_UNIT_TEXT = "Aún no tienes una unidad. Elígela con /mi_unidad, o escribe cuál: «/suscribir finanzas»."
ADMINS_ONLY_TEXT = "Solo los administradores pueden suscribirse a todas las unidades."
NO_PLAN_TEXT = "Aún no hay un POI cargado: no puedo reconocer el nombre de la unidad."


@dataclass(frozen=True)
class ScopeChoice:
    """The scope (a unit's canonical name or "*"), or why there is none."""

    scope: str | None = None
    problem: str | None = None


def choose_scope(
    text: str,
    *,
    snapshot: PlanSnapshot | None,
    understand: Callable[[str], Query],
    is_admin: bool,
    own_unit: str | None,
    restricted: bool,
    known: Sequence[str] = (),
) -> ScopeChoice:
    """The scope a command's words name; no words means the person's own unit. A scope in `known`
    (the chat's subscriptions) written in full wins, even if the plan no longer has that unit."""
    words = normalize(text)
    if not words:
        return ScopeChoice(own_unit) if own_unit else ScopeChoice(problem=esc(NO_UNIT_TEXT))
    if words in ALL_WORDS:
        return ScopeChoice(ALL_UNITS) if is_admin else ScopeChoice(problem=esc(ADMINS_ONLY_TEXT))
    exact = [scope for scope in known if normalize(scope) == words]
    if exact:
        return ScopeChoice(exact[0])
    if snapshot is None:
        return ScopeChoice(problem=esc(NO_PLAN_TEXT))
    found = resolve_name(snapshot, understand, text, units_only=True)
    if found.target is not None:
        unit = found.target.unit
        if restricted and unit != own_unit:
            return ScopeChoice(problem=f"Solo puedes suscribirte a tu unidad: <b>{esc(own_unit or '')}</b>.")
        return ScopeChoice(unit)
    if found.candidates:
        options = candidates_text(found.candidates)
        return ScopeChoice(problem=f"«{esc(text)}» puede ser varias unidades; escribe una:\n{options}")
    return ScopeChoice(
        problem=f"No encontré la unidad «{esc(text)}». Escribe su nombre como figura en el POI."
    )
