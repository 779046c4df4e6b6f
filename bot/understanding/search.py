"""Looking names up as they are typed (inline mode): the units and activities that fit, best first.

Unlike the understanding of a question, which picks one reading, a lookup ranks every unit and
activity by how well the typed words fit its name, so a half-typed "finan" already offers GERENCIA
DE FINANZAS and its activities. Each typed word is compared with the words of a name (normalised
and stemmed as everywhere else, see :mod:`bot.domain.text`): the same word scores 100, a prefix of a name
word 95, a close spelling its rapidfuzz ratio. Units also answer to their nicknames and acronyms
(:func:`bot.understanding.unit_names.unit_phrases`: "rrhh", "oci", "ti"); an activity also answers, a little
less, to its unit's words ("capacitación rrhh"). Words that say what is asked rather than about
what ("avance", "resumen", "cómo") are left out, and a period in the words ("II trimestre") is
taken as the period of the cards. A word that fits no name is dropped; if none fits, nothing is
offered.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.domain.figures import ActivitySeries
from bot.domain.periods import Period
from bot.domain.query import ActivityRef, Intent, Query
from bot.domain.snapshot import PlanSnapshot
from bot.domain.text import STOPWORDS, stem, tokenize
from bot.understanding.periods_parser import find_period
from bot.understanding.question_cues import CUE_WORDS
from bot.understanding.unit_names import unit_phrases

MAX_RESULTS = 10
MIN_SCORE = 70.0
FUZZY_CUTOFF = 75.0
UNIT_WORD_FACTOR = 0.9  # an activity found through its unit's words ranks under one found by its own
UNIT_BONUS = 3.0  # a unit ranks above its activities when the words fit both equally


@dataclass(frozen=True)
class Target:
    """One thing a lookup offers: the institution (no unit), a unit, or an activity of a unit."""

    unit: str | None = None
    activity: ActivitySeries | None = None
    score: float = 100.0

    def query(self, period: Period | None) -> Query:
        """The question this target's card answers."""
        if self.activity is not None:
            ref = ActivityRef(self.activity.unit, self.activity.activity)
            return Query(Intent.ACTIVITY, activity=ref, period=period)
        if self.unit is not None:
            return Query(Intent.UNIT_PROGRESS, unit=self.unit, period=period)
        return Query(Intent.SUMMARY, period=period)


@dataclass(frozen=True)
class Lookup:
    """What a typed text offers: the period it names (None: the default) and the targets, best first."""

    period: Period | None
    targets: tuple[Target, ...]


def _stems(text: str) -> frozenset[str]:
    return frozenset(stem(word) for word in tokenize(text) if word not in STOPWORDS)


@dataclass(frozen=True)
class _Names:
    """The words of every unit (nicknames included) and of every activity, computed once per plan."""

    units: tuple[frozenset[str], ...]
    activities: tuple[frozenset[str], ...]
    every: tuple[str, ...]


@lru_cache(maxsize=4)
def _names(units: tuple[str, ...], activities: tuple[str, ...]) -> _Names:
    words: list[set[str]] = [set(_stems(name)) for name in units]
    for phrase, indexes in unit_phrases(units).items():
        for index in indexes:
            words[index].update(phrase)
    unit_words = tuple(frozenset(item) for item in words)
    activity_words = tuple(_stems(name) for name in activities)
    every = frozenset().union(*unit_words, *activity_words)
    return _Names(unit_words, activity_words, tuple(sorted(every)))


def _fits(word: str, every: tuple[str, ...]) -> dict[str, float]:
    """How well a typed word fits each name word it fits at all: same 100, prefix 95, else its ratio."""
    fits: dict[str, float] = {}
    if len(word) >= 4:
        for name_word, score, _ in process.extract(
            word, every, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
        ):
            fits[name_word] = float(score)
    if len(word) >= 3:
        for name_word in every:
            if name_word.startswith(word):
                fits[name_word] = max(fits.get(name_word, 0.0), 95.0)
    if word in every:
        fits[word] = 100.0
    return fits


def _score(fits: list[dict[str, float]], own: frozenset[str], unit: frozenset[str] = frozenset()) -> float:
    """The mean fit of the typed words, plus a little for how much of the name they cover."""
    scores = [
        max(
            max((fit.get(name_word, 0.0) for name_word in own), default=0.0),
            UNIT_WORD_FACTOR * max((fit.get(name_word, 0.0) for name_word in unit), default=0.0),
        )
        for fit in fits
    ]
    mean = sum(scores) / len(scores)
    if mean < MIN_SCORE:
        return 0.0
    covered = sum(1 for name_word in own if any(name_word in fit for fit in fits))
    return mean + 5.0 * covered / max(len(own), 1)


def lookup(
    snapshot: PlanSnapshot,
    text: str,
    *,
    own_unit: str | None = None,
    allowed_unit: str | None = None,
    limit: int = MAX_RESULTS,
) -> Lookup:
    """The units and activities the text fits, best first, at most ``limit``.

    With no name in the text: the asker's unit first, then the institution and the other units.
    ``allowed_unit``, when set, keeps only that unit and its activities (never the institution).
    """
    tokens = tokenize(text)
    found = find_period(tokens, snapshot.cutoff_month)
    period = found.period if found else None
    used = found.positions if found else frozenset()
    # Words that say what is asked ("avance", "resumen"), not about what, name nothing here.
    skipped = STOPWORDS | CUE_WORDS.keys()
    raw = [stem(word) for i, word in enumerate(tokens) if i not in used and word not in skipped]
    units = snapshot.units
    names = _names(units, tuple(item.activity for item in snapshot.series))
    if not raw:
        targets = _default_targets(snapshot, own_unit or allowed_unit, allowed_unit)
        return Lookup(period, tuple(targets[:limit]))
    # A word that fits no name at all (a typo gone wrong) is dropped, unless no word fits any.
    fits = [fit for fit in (_fits(word, names.every) for word in raw) if fit]
    if not fits:
        return Lookup(period, ())
    by_unit = dict(zip(units, names.units, strict=True))
    ranked: list[tuple[float, int, Target]] = []
    for position, (unit, vocabulary) in enumerate(by_unit.items()):
        score = _score(fits, vocabulary)
        if score and allowed_unit in (None, unit):
            ranked.append((score + UNIT_BONUS, position, Target(unit=unit, score=score)))
    for position, (item, vocabulary) in enumerate(zip(snapshot.series, names.activities, strict=True)):
        score = _score(fits, vocabulary, by_unit.get(item.unit, frozenset()))
        if score and allowed_unit in (None, item.unit):
            target = Target(unit=item.unit, activity=item, score=score)
            ranked.append((score, len(units) + position, target))
    ranked.sort(key=lambda entry: (-entry[0], entry[1]))
    return Lookup(period, tuple(target for _, _, target in ranked[:limit]))


def _default_targets(snapshot: PlanSnapshot, own_unit: str | None, allowed_unit: str | None) -> list[Target]:
    if allowed_unit is not None:
        return [Target(unit=allowed_unit)] + [
            Target(unit=allowed_unit, activity=item) for item in snapshot.series_of(allowed_unit)
        ]
    first = [Target(unit=own_unit)] if own_unit in snapshot.units else []
    others = [Target(unit=unit) for unit in snapshot.units if unit != own_unit]
    return [*first, Target(), *others]
