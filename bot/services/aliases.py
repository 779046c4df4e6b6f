"""/alias: admins give a unit or an activity a short name, list the names, and remove one.

An alias takes effect at once: the service that writes it has the question engine look again (the
plan is kept; only the vocabulary is rebuilt).
One that already means something else (another alias, another unit or activity, a period) is
refused with the reason, so a short name never silently changes what people's questions mean.
Replies are Telegram HTML, every data string escaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.markup import html_escape as esc
from bot.domain.query import Candidate
from bot.domain.text import STOPWORDS
from bot.services.admin_views import aliases_text, candidates_text, target_text
from bot.services.questions import NO_PLAN_TEXT, NoPlanError, PoiService
from bot.understanding.name_targets import resolve_name
from storage.aliases import (
    MAX_ALIAS,
    AliasTaken,
    add_alias,
    get_alias,
    list_aliases,
    normalize_alias,
    remove_alias,
    target_of,
)
from storage.db import session_scope

USAGE_TEXT = (
    "Uso:\n"
    "/alias nombre = unidad o actividad — agrega un nombre corto, por ejemplo «/alias cobros = "
    "GERENCIA DE GESTION DE COBRANZA»\n"
    "/alias — lista los alias\n"
    "/alias quitar nombre — quita un alias"
)
REMOVE_WORDS = ("quitar", "borrar", "eliminar")


@dataclass(frozen=True)
class AliasReply:
    """What /alias answers, as Telegram HTML."""

    html: str


def alias_command(poi: PoiService, arguments: str, *, by: int) -> AliasReply:
    """Lists the aliases (no arguments), adds one ("nombre = unidad") or removes one ("quitar nombre")."""
    arguments = arguments.strip()
    first, _, rest = arguments.partition(" ")
    try:
        if not arguments:
            return AliasReply(list_text(poi))
        if "=" in arguments:
            alias_text, _, wanted = arguments.partition("=")
            return AliasReply(add(poi, alias_text.strip(), wanted.strip(), by=by))
        if first.lower() in REMOVE_WORDS:
            return AliasReply(remove(poi, rest.strip()))
    except NoPlanError:
        return AliasReply(esc(NO_PLAN_TEXT))
    return AliasReply(esc(USAGE_TEXT))


def list_text(poi: PoiService) -> str:
    """Every alias with what it names, flagging those the current plan lacks."""
    with session_scope(poi.engine) as session:
        rows = list_aliases(session=session)
    try:
        snapshot = poi.snapshot()
        units, activities = set(snapshot.units), {Candidate(s.unit, s.activity) for s in snapshot.series}
    except NoPlanError:
        units, activities = set(), set()
    return aliases_text(rows, units, activities)


def _not_found(text: str, candidates: tuple[Candidate, ...], suggestions: tuple[str, ...]) -> str:
    if candidates:
        return (
            f"«{esc(text)}» puede ser varias cosas. Escribe el nombre completo; para una actividad que "
            f"tienen varias unidades, «ACTIVIDAD (UNIDAD)»:\n{candidates_text(candidates)}"
        )
    hint = "".join(f"\n• {esc(name)}" for name in suggestions[:3])
    return f"No encontré «{esc(text)}» en el POI." + (f" ¿Quisiste decir?{hint}" if hint else "")


def _taken(poi: PoiService, alias_text: str, name: str, target: Candidate) -> str | None:
    """Why `name` cannot name `target` (it already names or means something else), or None."""
    with session_scope(poi.engine) as session:
        existing = get_alias(session=session, alias=name)
        if existing is not None and target_of(existing) != target:
            return (
                f"«{esc(name)}» ya es alias de {target_text(target_of(existing))}. "
                f"Quítalo primero con /alias quitar {esc(name)}"
            )
    meaning = resolve_name(poi.snapshot(), poi.understand, alias_text)
    if meaning.target is not None and meaning.target != target:
        return f"«{esc(name)}» ya se entiende como {target_text(meaning.target)}; elige otro nombre."
    if meaning.target is None and not meaning.candidates and meaning.period is not None:
        period = esc(meaning.period.label())
        return f"«{esc(name)}» ya se entiende como un periodo ({period}); elige otro nombre."
    return None


def add(poi: PoiService, alias_text: str, wanted: str, *, by: int) -> str:
    """Adds the alias `alias_text` for the unit or activity `wanted`; raises NoPlanError without a plan."""
    if not alias_text or not wanted:
        return esc(USAGE_TEXT)
    try:
        name = normalize_alias(alias_text)
    except ValueError:
        return f"El alias debe tener entre 1 y {MAX_ALIAS} letras o números."
    if all(word in STOPWORDS for word in name.split()):
        return f"«{esc(name)}» es una palabra demasiado común para ser un alias; elige otro nombre."
    found = resolve_name(poi.snapshot(), poi.understand, wanted)
    if found.target is None:
        return _not_found(wanted, found.candidates, found.suggestions)
    target = found.target
    problem = _taken(poi, alias_text, name, target)
    if problem is not None:
        return problem
    with session_scope(poi.engine) as session:
        try:
            _, created = add_alias(session=session, alias=name, target=target, created_by=by)
        except AliasTaken as exc:  # added by someone else meanwhile
            return f"«{esc(name)}» ya es alias de {target_text(target_of(exc.existing))}."
    poi.refresh()
    if not created:
        return f"«{esc(name)}» ya era alias de {target_text(target)}."
    example = f"¿cómo va {name}?" if target.activity is None else name
    added = f"✅ Alias agregado: <b>{esc(name)}</b> → {target_text(target)}."
    return f"{added}\nYa puedes preguntar «{esc(example)}»."


def remove(poi: PoiService, alias_text: str) -> str:
    """Removes an alias and says what it named."""
    if not alias_text:
        return esc(USAGE_TEXT)
    with session_scope(poi.engine) as session:
        target = remove_alias(session=session, alias=alias_text)
    if target is None:
        return f"No hay un alias «{esc(alias_text)}». Mira los alias con /alias"
    poi.refresh()
    return f"🗑 Alias <b>{esc(alias_text)}</b> quitado (era de {target_text(target)})."
