"""What the understanding precomputes once per plan: every name's words, weights and phrases.

Built from a :class:`bot.domain.query.Catalog`: the stems of each activity name (and their adjacent pairs,
to tell "COBRANZA PRE COACTIVA TRIBUTARIA" from "... PRE COACTIVA NO TRIBUTARIA"), each unit's key
stems, a weight per stem (rarer across names = more telling), the phrases that name a unit or an
activity outright (full names, short names, acronyms, admin aliases, cue phrases) and the words
typos are corrected to.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from dataclasses import dataclass

from bot.domain.query import ActivityRef, Catalog
from bot.domain.text import STOPWORDS, content_words, stem, tokenize
from bot.understanding.periods_parser import PERIOD_WORDS
from bot.understanding.question_cues import (
    CUE_PHRASES,
    CUE_WORDS,
    INSTITUTION_WORDS,
    OWN_PLURAL_NOUNS,
    OWN_TRAILERS,
    OWN_UNIT_NOUNS,
    STATUS_WORDS,
    Cue,
)
from bot.understanding.unit_names import SHORT_NAMES, unit_keys, unit_phrases

Phrase = tuple[str, ...]

PHRASE_BASE = 6.0
"""Weight of a name said outright that holds no name word ("TI", "OCI"): about one rare word."""
PHRASE_FACTOR = 1.5
"""A phrase weighs more than its words counted loose, so "cobranza coactiva" names the unit."""
ALIAS_BOOST = 2.0
"""An admin alias weighs more again: someone said so on purpose."""


@dataclass(frozen=True)
class PhraseTarget:
    """What a phrase names: units, activities (by index into the catalog) or a cue."""

    units: frozenset[int] = frozenset()
    activities: frozenset[int] = frozenset()
    cue: Cue | None = None
    weight: float = 0.0


@dataclass(frozen=True)
class NameIndex:
    """Everything about the plan's names that a question is compared with."""

    units: tuple[str, ...]
    activities: tuple[ActivityRef, ...]
    activity_unit: tuple[int, ...]
    unit_activities: tuple[tuple[int, ...], ...]  # each unit's activities, in source order
    activity_stems: tuple[frozenset[str], ...]
    activity_pairs: tuple[frozenset[tuple[str, str]], ...]
    postings: dict[str, frozenset[int]]
    key_units: dict[str, frozenset[int]]
    weights: dict[str, float]
    name_stems: frozenset[str]
    phrases: dict[Phrase, PhraseTarget]
    phrase_lengths: dict[str, int]
    vocabulary: frozenset[str]
    fuzzy_vocabulary: tuple[str, ...]
    activity_near_pairs: tuple[frozenset[tuple[str, str]], ...]
    suggestion_words: tuple[str, ...]
    suggestion_units: tuple[frozenset[int], ...]


def _phrase_weight(words: Phrase, weights: dict[str, float]) -> float:
    return max(PHRASE_BASE, PHRASE_FACTOR * sum(weights.get(word, 0.0) for word in set(words)))


def _phrases(
    catalog: Catalog,
    units: tuple[str, ...],
    activity_index: dict[ActivityRef, int],
    weights: dict[str, float],
    taken: set[str],
) -> dict[Phrase, PhraseTarget]:
    """Cue phrases first, then the units' names and nicknames; an admin alias overrides both."""
    table: dict[Phrase, PhraseTarget] = {phrase: PhraseTarget(cue=cue) for phrase, cue in CUE_PHRASES.items()}
    for phrase, indexes in unit_phrases(units, taken=taken).items():
        table.setdefault(phrase, PhraseTarget(units=indexes, weight=_phrase_weight(phrase, weights)))
    unit_index = {name: i for i, name in enumerate(units)}
    for alias, candidate in catalog.aliases.items():
        phrase = tuple(stem(word) for word in tokenize(alias))
        unit = unit_index.get(candidate.unit)
        if not phrase or unit is None:
            continue
        weight = ALIAS_BOOST * _phrase_weight(phrase, weights)
        if candidate.activity is None:
            table[phrase] = PhraseTarget(units=frozenset((unit,)), weight=weight)
        else:
            activity = activity_index.get(ActivityRef(candidate.unit, candidate.activity))
            if activity is not None:
                table[phrase] = PhraseTarget(activities=frozenset((activity,)), weight=weight)
    return table


def _near_pairs(words: list[str]) -> frozenset[tuple[str, str]]:
    """Ordered pairs of words at most one word apart: "infraestructura (tecnologica) critica"."""
    size = len(words)
    return frozenset((words[i], words[j]) for i in range(size) for j in (i + 1, i + 2) if j < size)


def _weights(documents: list[frozenset[str]]) -> dict[str, float]:
    frequency: dict[str, int] = defaultdict(int)
    for document in documents:
        for word in document:
            frequency[word] += 1
    total = max(len(documents), 1)
    return {word: 1.0 + math.log(total / count) for word, count in frequency.items()}


def _shared(
    activities: tuple[ActivityRef, ...], by_name: dict[str, frozenset[tuple[str, str]]]
) -> tuple[frozenset[tuple[str, str]], ...]:
    return tuple(by_name[ref.activity] for ref in activities)


def build_name_index(catalog: Catalog) -> NameIndex:
    """Precomputes the tables :class:`bot.understanding.understand.Understanding` reads for each question."""
    units = tuple(dict.fromkeys(catalog.units))
    unit_index = {name: i for i, name in enumerate(units)}
    activities = tuple(ref for ref in dict.fromkeys(catalog.activities) if ref.unit in unit_index)
    activity_index = {ref: i for i, ref in enumerate(activities)}
    # Many units share activity names: each distinct name is read once and its tables shared.
    distinct = {name: content_words(name) for name in dict.fromkeys(ref.activity for ref in activities)}
    stems_of = {name: frozenset(words) for name, words in distinct.items()}
    activity_stems = tuple(stems_of[ref.activity] for ref in activities)
    keys = [unit_keys(name) for name in units]
    weights = _weights([*activity_stems, *keys])

    activity_unit = tuple(unit_index[ref.unit] for ref in activities)
    unit_activities: list[list[int]] = [[] for _ in units]
    for index, unit in enumerate(activity_unit):
        unit_activities[unit].append(index)
    postings: dict[str, set[int]] = defaultdict(set)
    for index, words in enumerate(activity_stems):
        for word in words:
            postings[word].add(index)
    key_units: dict[str, set[int]] = defaultdict(set)
    for index, words in enumerate(keys):
        for word in words:
            key_units[word].add(index)

    plan_words = {word for name in (*units, *distinct) for word in tokenize(name)}
    phrases = _phrases(catalog, units, activity_index, weights, plan_words | set(CUE_WORDS))
    phrase_lengths: dict[str, int] = {}
    for phrase in phrases:
        phrase_lengths[phrase[0]] = max(phrase_lengths.get(phrase[0], 0), len(phrase))

    nicknames = [*catalog.aliases, *SHORT_NAMES]
    name_words = (plan_words | {word for name in nicknames for word in tokenize(name)}) - STOPWORDS
    cue_words = set(CUE_WORDS) | {word for phrase in CUE_PHRASES for word in phrase}
    cue_words |= {*STATUS_WORDS, *INSTITUTION_WORDS, *OWN_UNIT_NOUNS, *OWN_PLURAL_NOUNS, *OWN_TRAILERS}
    vocabulary = frozenset(name_words | cue_words | PERIOD_WORDS)

    suggestions: dict[str, set[int]] = defaultdict(set)
    for word, indexes in key_units.items():
        suggestions[word].update(indexes)
    for phrase, target in phrases.items():
        if len(phrase) == 1 and len(phrase[0]) >= 3:
            suggestions[phrase[0]].update(target.units)

    return NameIndex(
        units=units,
        activities=activities,
        activity_unit=activity_unit,
        unit_activities=tuple(tuple(held) for held in unit_activities),
        activity_stems=activity_stems,
        activity_pairs=_shared(
            activities, {n: frozenset(itertools.pairwise(w)) for n, w in distinct.items()}
        ),
        postings={word: frozenset(indexes) for word, indexes in postings.items()},
        key_units={word: frozenset(indexes) for word, indexes in key_units.items()},
        weights=weights,
        name_stems=frozenset(postings) | frozenset(key_units),
        phrases=phrases,
        phrase_lengths=phrase_lengths,
        vocabulary=vocabulary,
        fuzzy_vocabulary=tuple(sorted(word for word in vocabulary if len(word) >= 4 and word.isalpha())),
        activity_near_pairs=_shared(activities, {n: _near_pairs(w) for n, w in distinct.items()}),
        suggestion_words=tuple(suggestions),
        suggestion_units=tuple(frozenset(units) for units in suggestions.values()),
    )
