"""Scoring how well a question's words fit each unit and each activity of the plan.

A question is read into :class:`Reading` (its words, what each word is, the names said outright);
then every unit gets the weight of the words it explains, and every activity the weight of its
unit plus the words of its name that the unit does not already explain. An activity that adds
nothing to its unit ("recursos humanos" inside "... LOS RECURSOS HUMANOS DE LA INSTITUCIÓN") is no
reading of its own: the question is about the unit.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from bot.domain.figures import Status
from bot.domain.periods import Period
from bot.understanding.name_index import NameIndex
from bot.understanding.question_cues import Cue


class WordKind(StrEnum):
    HARD = "hard"  # a word of some name
    SOFT = "soft"  # a cue or generic word: counts for a name only beside that name's other words
    UNKNOWN = "unknown"  # looks like a name, fits none
    OTHER = "other"  # stopword, period, cue phrase, number


@dataclass
class Reading:
    """A question's words as understood so far."""

    words: list[str]
    stems: list[str]
    kinds: list[WordKind] = field(default_factory=list)
    cue_at: dict[int, Cue] = field(default_factory=dict)
    cues: set[Cue] = field(default_factory=set)
    period: Period | None = None
    unit_refs: dict[int, float] = field(default_factory=dict)
    unit_positions: dict[int, set[int]] = field(default_factory=dict)
    phrase_positions: set[int] = field(default_factory=set)
    activity_refs: dict[int, float] = field(default_factory=dict)
    period_said: bool = False  # a period was said, even the default ("acumulado") or a wrong one
    statuses: set[Status] = field(default_factory=set)  # colours asked for: "en ámbar o rojo"
    own_unit: bool = False  # "mi unidad", "mi área": the asker's unit
    institution: bool = False  # "de la institución", "del POI", "de todas las unidades"


@dataclass(frozen=True)
class ActivityFit:
    """How one activity fits: its score, and how many adjacent word pairs its name shares."""

    score: float
    adjacency: int


COMMON_UNITS = 200
"""A key word of more unit names than this ("sede", "norte") only adds to units a rarer word named."""


def unit_scores(index: NameIndex, reading: Reading) -> dict[int, float]:
    """Each unit that the question names: its phrase weight plus its key words' weights.

    Rarer words count first; a common word then adds only to the units already named, unless
    nothing rarer named any (a plan of a few hundred units is scored word by word as said).
    """
    scores = dict(reading.unit_refs)
    seen: dict[int, set[str]] = {}
    said = [
        (position, word)
        for position, word in enumerate(reading.stems)
        if reading.kinds[position] is WordKind.HARD and position not in reading.phrase_positions
    ]
    said.sort(key=lambda item: len(index.key_units.get(item[1], ())))
    for position, word in said:
        holders: Iterable[int] = index.key_units.get(word, ())
        if scores and len(index.key_units.get(word, ())) > COMMON_UNITS:
            holders = [unit for unit in scores if unit in index.key_units[word]]
        for unit in holders:
            reading.unit_positions.setdefault(unit, set()).add(position)
            if word not in seen.setdefault(unit, set()):
                seen[unit].add(word)
                scores[unit] = scores.get(unit, 0.0) + index.weights.get(word, 0.0)
    return scores


def _runs(
    index: NameIndex, reading: Reading, sequence: list[int], activity: int
) -> tuple[int, list[set[int]]]:
    """Pairs of the question's words that sit next to each other in the activity's name too.

    Returns how many pairs are exactly adjacent there (to tell close names apart), and the runs of
    words that are near each other there (at most one word apart), which let a cue or generic word
    count as part of the name ("infraestructura crítica", "estados financieros").
    """
    pairs = index.activity_pairs[activity]
    near = index.activity_near_pairs[activity]
    runs: list[set[int]] = []
    adjacency = 0
    joined = False
    for left, right in itertools.pairwise(sequence):
        pair = (reading.stems[left], reading.stems[right])
        adjacency += pair in pairs
        if pair in near:
            if joined:
                runs[-1].add(right)
            else:
                runs.append({left, right})
            joined = True
        else:
            joined = False
    return adjacency, runs


SHORTLIST_FROM = 400
"""Up to this many activities sharing a word with the question, every one is scored (a plan of a few
thousand activities); beyond it, the candidates are shortlisted."""
COMMON_POSTING = 50
"""A word in more activity names than this ("sede", "norte", "gestión") shortlists nothing alone."""
TOP_UNITS = 5
TIE = 0.10
"""Units within 10 % of the best-named one hold the shortlisted activities (as understand.TIE)."""


def candidate_activities(index: NameIndex, reading: Reading, units: dict[int, float]) -> set[int]:
    """The activities worth scoring: every one sharing a name word with the question, or, past
    SHORTLIST_FROM, the ones the question's units hold and the ones its rare words name (and, when
    it has neither, the ones holding all its words, capped)."""
    candidates = set(reading.activity_refs)
    hard = {reading.stems[p] for p, kind in enumerate(reading.kinds) if kind is WordKind.HARD}
    lists = [index.postings[word] for word in hard if word in index.postings]
    if sum(len(found) for found in lists) <= SHORTLIST_FROM:
        candidates.update(*lists)
        return candidates
    top = best_of(units, TIE)[:TOP_UNITS]
    for unit in top:
        candidates.update(a for a in index.unit_activities[unit] if index.activity_stems[a] & hard)
    rare = [found for found in lists if len(found) <= COMMON_POSTING]
    candidates.update(*rare)
    if not top and not rare and lists:
        lists.sort(key=len)
        every = frozenset.intersection(*lists) or lists[0]
        candidates.update(itertools.islice(sorted(every), COMMON_POSTING))
    return candidates


def activity_fits(index: NameIndex, reading: Reading, units: dict[int, float]) -> dict[int, ActivityFit]:
    """Each activity that adds at least one of its own words to what its unit explains."""
    sequence = [p for p, kind in enumerate(reading.kinds) if kind in (WordKind.HARD, WordKind.SOFT)]
    candidates = candidate_activities(index, reading, units)
    fits: dict[int, ActivityFit] = {}
    for activity in candidates:
        words = index.activity_stems[activity]
        unit = index.activity_unit[activity]
        explained = reading.unit_positions.get(unit, set())
        hits = [p for p in sequence if reading.stems[p] in words]
        hard = {p for p in hits if reading.kinds[p] is WordKind.HARD}
        if not hard - explained and activity not in reading.activity_refs:
            continue
        adjacency, runs = _runs(index, reading, sequence, activity)
        counted = hard | {p for p in hits if reading.words[p].isdigit()}  # "... 2020" anywhere
        for run in runs:
            if run & hard:
                counted |= run
        new_words = {reading.stems[p] for p in counted - explained}
        score = units.get(unit, 0.0) + reading.activity_refs.get(activity, 0.0)
        score += sum(index.weights.get(word, 0.0) for word in new_words)
        fits[activity] = ActivityFit(score, adjacency)
    return fits


def best_of(scores: dict[int, float], tie: float) -> list[int]:
    """The indexes whose score is within ``tie`` (a fraction) of the best, best first."""
    if not scores:
        return []
    top = max(scores.values())
    if top <= 0:
        return []
    close = [i for i, score in scores.items() if score >= top * (1 - tie)]
    return sorted(close, key=lambda i: (-scores[i], i))


def best_activities(fits: dict[int, ActivityFit], tie: float) -> list[int]:
    """The activities that fit best: close in score, then the most adjacent pairs in common."""
    close = best_of({i: fit.score for i, fit in fits.items()}, tie)
    if not close:
        return []
    most = max(fits[i].adjacency for i in close)
    return [i for i in close if fits[i].adjacency == most]
