"""Reading meeting questions on top of the plain understanding: what kind, and about what.

The plain understanding (:class:`bot.understanding.understand.Understanding`) finds the names, the
period, the colours and the intent of a progress question. Here the words that make a meeting
question are looked for ("la más atrasada", "OCI frente a TI", "¿cuántas?", "¿cerraremos el año?",
"gracias"), taken out, and what remains is understood again for the subject. Every query also
says which of its parts the question said itself (``said``), so a follow-up can inherit the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from bot.domain.periods import PeriodKind
from bot.domain.query import Candidate, Intent, Order, Query, Scope
from bot.domain.text import STOPWORDS, strip_question_form, tokenize
from bot.understanding import meeting_cues as cues
from bot.understanding.question_cues import CUE_WORDS, OWN_POSSESSIVES, STATUS_WORDS

Base = Callable[[str], Query]
"""The plain understanding of a text."""

_CHUNKS = re.compile(r"[,;]")


def raw_words(text: str, max_chars: int, max_words: int) -> list[str]:
    """The question's normalised words, uncorrected, with "," where the text had a comma or semicolon."""
    words: list[str] = []
    for chunk in _CHUNKS.split(text[:max_chars]):
        words.extend([*tokenize(chunk), ","])
    return strip_question_form(words[:-1][:max_words])


def refine(base: Base, text: str, words: list[str]) -> Query:
    """The meeting reading of a question, or its plain reading when it is no meeting question."""
    plain = [word for word in words if word != ","]
    present = frozenset(plain)
    query = base(text)
    named = query.unit is not None or query.activity is not None or bool(query.candidates)
    if not named and _is_thanks(plain, present):
        return Query(Intent.THANKS, text, said=frozenset(("intent",)))
    if query.period is None and _is_help(plain, present, query, named):
        return Query(Intent.HELP, text, said=frozenset(("intent",)))
    meeting = (
        _projection(base, text, plain, query)
        or _comparison(base, text, words, present, query)
        or _count_or_value(base, text, plain, present)
        or _ranking(base, text, plain, present, query)
        or _listing(query, present)
    )
    return _with_said(meeting or query, plain, present, meeting is not None)


def _subject(base: Base, text: str, words: list[str], drop: set[int]) -> Query:
    """The plain understanding of the words left once the meeting words are taken out."""
    remainder = " ".join(word for position, word in enumerate(words) if position not in drop)
    return replace(base(remainder), text=text)


def _positions(words: list[str], vocabulary: frozenset[str]) -> set[int]:
    return {position for position, word in enumerate(words) if word in vocabulary}


def _is_thanks(words: list[str], present: frozenset[str]) -> bool:
    return bool(words) and present <= cues.COURTESY_ALL and bool(present & cues.COURTESY_CORE)


def _is_help(words: list[str], present: frozenset[str], query: Query, named: bool) -> bool:
    """ "no entiendo", "estoy perdido", "¿qué información tienes?": what the bot can do."""
    phrase = cues.phrase_positions(words, cues.HELP_PHRASES)
    others = (
        {w for p, w in enumerate(words) if p not in phrase} - STOPWORDS - cues.HELP_WORDS - cues.HELP_FILLERS
    )
    if not others and (phrase or present & cues.HELP_WORDS):
        return True  # said with nothing else, even where a plan's name holds the word ("información")
    if named or (query.intent not in (Intent.UNKNOWN, Intent.HELP) and not query.unmatched):
        return False
    return bool(present & cues.HELP_WORDS or phrase)


def _projection(base: Base, text: str, words: list[str], query: Query) -> Query | None:
    drop = _positions(words, cues.PROJECTION_WORDS) | cues.phrase_positions(words, cues.PROJECTION_PHRASES)
    if not drop:
        return None
    drop |= cues.phrase_positions(words, cues.PROJECTION_FILLERS)
    subject = _subject(base, text, words, drop)
    if query.activity is not None and (
        subject.activity != query.activity
        or {words[p] for p in drop} <= set(tokenize(query.activity.activity))
    ):
        return None  # the word is part of an activity's name: "... SISTEMA DE GESTIÓN DE RIESGOS"
    period = subject.period if subject.period and subject.period.kind is PeriodKind.CUMULATIVE else None
    return replace(
        subject,
        intent=Intent.PROJECTION,
        period=period,
        statuses=frozenset(),
        unmatched=None if subject.unit or subject.activity or subject.candidates else subject.unmatched,
    )


def _comparison(
    base: Base, text: str, words: list[str], present: frozenset[str], query: Query
) -> Query | None:
    if not present & cues.SEPARATORS and "," not in words:
        return None
    segments: list[list[str]] = [[]]
    for word in words:
        if word in cues.SEPARATORS or word in cues.COMPARE_WORDS:
            segments.append([])
        else:
            segments[-1].append(word)
    compared: list[Candidate] = []
    for segment in segments:
        if not segment:
            continue
        found = base(" ".join(segment))
        if found.activity is not None:
            compared.append(Candidate(found.activity.unit, found.activity.activity))
        elif found.unit is not None:
            compared.append(Candidate(found.unit))
        elif found.candidates and present & cues.COMPARE_WORDS:
            return replace(found, text=text)  # "compara proyectos con OCI": which "proyectos"? ask
    distinct = tuple(dict.fromkeys(compared))
    if len(distinct) < 2 or _inside_the_name(words, present, query):
        return None
    compare_words = _positions(words, cues.COMPARE_WORDS)
    rest = _subject(base, text, words, compare_words) if compare_words else query
    return Query(Intent.COMPARISON, text, period=rest.period, statuses=rest.statuses, compared=distinct)


def _inside_the_name(words: list[str], present: frozenset[str], query: Query) -> bool:
    """ "registrar y derivar documentación de innovación y proyectos": every "y" or comma of the
    question sits inside the name of what it names (the activity, its unit), so it names one thing;
    a comparing word still compares."""
    if present & cues.COMPARE_WORDS:
        return False
    if query.activity is not None:
        names = [query.activity.activity, query.activity.unit]
    else:
        names = [query.unit] if query.unit is not None else []
    inside: set[tuple[str, str, str]] = set()
    for name in names:
        tokens: list[str] = []
        for chunk in _CHUNKS.split(name):
            tokens.extend([*tokenize(chunk), ","])
        inside.update(zip(tokens, tokens[1:], tokens[2:], strict=False))
    cuts = [p for p, word in enumerate(words) if word in cues.SEPARATORS]
    return bool(inside) and all(
        0 < p < len(words) - 1 and (words[p - 1], words[p], words[p + 1]) in inside for p in cuts
    )


def _count_or_value(base: Base, text: str, words: list[str], present: frozenset[str]) -> Query | None:
    """ "¿cuánto se ejecutó de X en mayo?": one activity's value; "¿cuántas tiene OCI?": a count."""
    drop = _positions(words, cues.COUNT_WORDS | cues.VALUE_WORDS)
    if not drop:
        return None
    subject = _subject(base, text, words, drop)
    if subject.activity is not None:
        wants_value = present & cues.VALUE_WORDS and not present & cues.ACTIVITY_NOUNS
        return replace(subject, intent=Intent.VALUE) if wants_value else None
    if not present & cues.COUNT_WORDS or (subject.intent is Intent.UNKNOWN and subject.unmatched):
        return None
    if present & cues.UNIT_NOUNS and not present & cues.ACTIVITY_NOUNS and subject.unit is None:
        return None  # "¿cuántas unidades hay?": the summary lists them
    lagging = subject.intent is Intent.LAGGING and not subject.statuses
    return replace(subject, intent=Intent.COUNT, lagging_only=lagging)


def _ranking(base: Base, text: str, words: list[str], present: frozenset[str], query: Query) -> Query | None:
    found = _order(words, present)
    if found is None:
        return None
    order, drop = found
    limit, number_at = _limit(words)
    subject = _subject(base, text, words, drop | number_at)
    if number_at and _names_number(base, text, words, drop, number_at, subject):
        limit, number_at = None, set()  # "la peor actividad de la ugel 3": UGEL 03's, not three
        subject = _subject(base, text, words, drop)
    drop |= number_at
    if subject.activity is not None and query.activity is None:
        subject = query  # the ranking words kept a unit's name from reading as an activity's
    if limit is not None and _only_units(subject) and not present & cues.ACTIVITY_NOUNS:
        subject = replace(subject, candidates=())  # "top 3 ugel": a word several units share
    scope = _scope(present, subject)
    plural = any(words[p].endswith("s") for p in drop - _positions(words, cues.MORE)) or any(
        w.endswith("s") for w in present & (cues.UNIT_NOUNS | cues.ACTIVITY_NOUNS)
    )
    if limit is None and not plural:
        limit = 1
    peor_only = present & cues.WORST_WORDS and not present & cues.MORE
    if peor_only and plural and limit is None and scope is Scope.ACTIVITIES:
        return None  # "las peores actividades": the lagging ones, as always
    if subject.activity is not None:
        return None  # one activity named: its own figures answer
    return replace(subject, intent=Intent.RANKING, order=order, limit=limit, scope=scope, unmatched=None)


def _names_number(
    base: Base, text: str, words: list[str], drop: set[int], number_at: set[int], subject: Query
) -> bool:
    """Whether the number taken for a count follows a unit's name and ends it ("... de ugel 3")."""
    position = min(number_at)
    before = words[position - 1] if position else ""
    if subject.unit is not None or position - 1 in drop or not before or before in STOPWORDS:
        return False
    return _subject(base, text, words, drop).unit is not None


def _only_units(subject: Query) -> bool:
    return len(subject.candidates) > 1 and all(c.activity is None for c in subject.candidates)


def _order(words: list[str], present: frozenset[str]) -> tuple[Order, set[int]] | None:
    """Weakest or strongest first, and where the question says so."""
    for position, word in enumerate(words):
        following = words[position + 1] if position + 1 < len(words) else ""
        span = {position, position + 1}
        if word in cues.MORE and following in cues.WORST_AFTER_MORE:
            return Order.WORST, span
        if word in cues.MORE | cues.GREATER and following in cues.BEST_AFTER_MORE:
            return Order.BEST, span
        if word in cues.LESS and following in cues.PROGRESS_NOUNS | cues.BEST_AFTER_MORE:
            return Order.WORST, span
        if word in cues.LAST_WORDS and following in cues.PLACE_WORDS:
            return Order.WORST, span
        if word in cues.WORST_WORDS:
            return Order.WORST, {position}
        if word in cues.BEST_WORDS:
            return Order.BEST, {position}
    return None


def _limit(words: list[str]) -> tuple[int | None, set[int]]:
    """How many to rank, when the question says a number ("las 5", "top 3", "los tres peores")."""
    for position, word in enumerate(words):
        before = words[position - 1] if position else ""
        number = cues.NUMBER_WORDS.get(word) or (int(word) if word.isdigit() and len(word) <= 2 else None)
        if number is None or before in cues.NOT_A_COUNT_BEFORE:
            continue
        if 1 <= number <= cues.MAX_LIMIT:
            return number, {position}
    return None, set()


def _scope(present: frozenset[str], subject: Query) -> Scope:
    if present & cues.ACTIVITY_NOUNS or subject.unit is not None or subject.candidates:
        return Scope.ACTIVITIES
    if present & cues.UNIT_NOUNS:
        return Scope.UNITS
    return Scope.ACTIVITIES if subject.intent is Intent.LAGGING else Scope.UNITS


def _listing(query: Query, present: frozenset[str]) -> Query | None:
    """ "actividades de imagen institucional", "lista de actividades de OCI": the list, not the card."""
    if query.intent not in (Intent.UNIT_PROGRESS, Intent.SUMMARY) or query.statuses or query.candidates:
        return None
    if not present & cues.LIST_WORDS or present & cues.PROGRESS_CUES:
        return None
    if not present & (cues.ACTIVITY_NOUNS | {"lista", "listado", "listar", "listame"}):
        return None
    return replace(query, intent=Intent.LIST, unmatched=None)


def _with_said(query: Query, words: list[str], present: frozenset[str], meeting: bool) -> Query:
    """The query with the parts its question said outright."""
    said: set[str] = set()
    cued = any(word in CUE_WORDS and word not in STATUS_WORDS for word in words)
    lagging = query.intent is Intent.LAGGING and not query.statuses  # "no llegaron a la meta"
    if meeting or cued or lagging or query.intent in (Intent.HELP, Intent.THANKS):
        said.add("intent")
    if query.unit is not None or query.compared or present & OWN_POSSESSIVES:
        said.add("unit")
    if query.candidates:
        said.add("activity" if any(c.activity for c in query.candidates) else "unit")
    if query.activity is not None:
        said.add("activity")
    if query.period is not None:
        said.add("period")
    if query.statuses:
        said.add("statuses")
    if query.institution:
        said.add("institution")
    return replace(query, said=frozenset(said))
