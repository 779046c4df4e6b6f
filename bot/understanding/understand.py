"""Turning a manager's Spanish question into a :class:`bot.domain.query.Query`.

Built once per plan from its :class:`bot.domain.query.Catalog`; :meth:`Understanding.understand` then
reads a question in well under a millisecond: words normalised and typos corrected against the
plan's vocabulary, the period found, names said outright (full names, "RRHH", "OCI", admin aliases)
matched as phrases, every unit and activity scored by the words it explains, and the intent taken
from the cue words left over. A name that fits several units or activities about equally gives
``candidates`` instead of a guess; a name that fits nothing gives ``unmatched`` and ``suggestions``.
Colours ("en ámbar o rojo") give ``statuses``; "mi unidad" leaves the unit to the asker's own, and
"de la institución" / "del POI" / "de todas las unidades" set ``institution`` instead.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.domain.figures import Status
from bot.domain.query import Candidate, Catalog, Intent, Query
from bot.domain.text import STOPWORDS, stem, strip_question_form, tokenize
from bot.understanding.meeting import raw_words, refine
from bot.understanding.name_index import PhraseTarget, build_name_index
from bot.understanding.name_scoring import (
    ActivityFit,
    Reading,
    WordKind,
    activity_fits,
    best_activities,
    best_of,
    unit_scores,
)
from bot.understanding.periods_parser import PERIOD_WORDS, find_period
from bot.understanding.question_cues import (
    BANDS,
    CUE_WORDS,
    GENERIC_STEMS,
    INSTITUTION_PHRASES,
    INSTITUTION_WORDS,
    NEGATED_LINKS,
    NEGATIONS,
    OWN_PLURAL_NOUNS,
    OWN_POSSESSIVES,
    OWN_TRAILERS,
    OWN_UNIT_NOUNS,
    STATUS_WORDS,
    Cue,
)

MAX_CHARS = 400
"""Only the start of a message is read: questions are short, and a pasted essay must stay fast."""
MAX_WORDS = 40
MAX_CANDIDATES = 5
MAX_SUGGESTIONS = 3
TIE = 0.10
"""Scores within 10 % of the best fit "about equally"."""
SUGGESTION_CUTOFF = 75.0
_CACHE_LIMIT = 20_000


class Understanding:
    """Understands questions about one plan; build it once per plan, reuse it for every question."""

    def __init__(self, catalog: Catalog) -> None:
        self._index = build_name_index(catalog)
        self._cutoff = catalog.cutoff_month
        self._corrections: dict[str, tuple[str, ...]] = {}

    def understand(self, text: str) -> Query:
        """What the question asks: intent, unit, activity and period, or candidates to choose from."""
        return refine(self.plain, text, raw_words(text, MAX_CHARS, MAX_WORDS))

    def plain(self, text: str) -> Query:
        """The reading of a progress question, without the meeting forms (rankings, comparisons...)."""
        words = self._words(text)
        reading = self._read(words)
        units = unit_scores(self._index, reading)
        fits = activity_fits(self._index, reading, units)
        best_unit = max(units.values(), default=0.0)
        best_fit = max((fit.score for fit in fits.values()), default=0.0)
        # An activity wins only by explaining more than any unit: "servicios" is the unit.
        if best_fit > best_unit and best_fit > 0:
            return self._about_activity(text, reading, fits)
        chosen = best_of(units, TIE)
        if chosen:
            intent = Intent.LAGGING if Cue.LAGGING in self._cues(reading) else Intent.UNIT_PROGRESS
            statuses = frozenset(reading.statuses)
            if len(chosen) == 1:
                unit = self._index.units[chosen[0]]
                return Query(intent, text, unit=unit, period=reading.period, statuses=statuses)
            candidates = tuple(Candidate(self._index.units[u]) for u in chosen[:MAX_CANDIDATES])
            return Query(intent, text, period=reading.period, candidates=candidates, statuses=statuses)
        return self._about_no_name(text, reading)

    def _about_activity(self, text: str, reading: Reading, fits: dict[int, ActivityFit]) -> Query:
        """One activity named: its figures answer lagging cues too ("¿está atrasada ...?")."""
        chosen = best_activities(fits, TIE)
        refs = [self._index.activities[a] for a in chosen]
        period, statuses = reading.period, frozenset(reading.statuses)
        if len(refs) == 1:
            ref = refs[0]
            return Query(Intent.ACTIVITY, text, unit=ref.unit, activity=ref, period=period, statuses=statuses)
        candidates = tuple(Candidate(ref.unit, ref.activity) for ref in refs[:MAX_CANDIDATES])
        return Query(Intent.ACTIVITY, text, period=period, candidates=candidates, statuses=statuses)

    def _about_no_name(self, text: str, reading: Reading) -> Query:
        """No unit or activity named: the asker's own unit ("mi unidad"), the institution, or neither."""
        cues = self._cues(reading)
        kinds = zip(reading.words, reading.kinds, strict=True)
        unknown = [word for word, kind in kinds if kind is WordKind.UNKNOWN]
        unmatched = " ".join(unknown) or None
        suggestions = self._suggest(unknown)
        if Cue.LAGGING in cues:
            intent = Intent.LAGGING
        elif reading.own_unit:
            intent = Intent.UNIT_PROGRESS
        elif Cue.SUMMARY in cues:
            intent = Intent.SUMMARY
        elif Cue.PROGRESS in cues:
            intent = Intent.UNIT_PROGRESS if unmatched else Intent.SUMMARY
        elif Cue.HELP in cues:
            intent = Intent.HELP
        elif reading.period_said and not unmatched:
            intent = Intent.SUMMARY
        else:
            intent = Intent.UNKNOWN
        return Query(
            intent,
            text,
            period=reading.period,
            suggestions=suggestions,
            unmatched=unmatched,
            statuses=frozenset(reading.statuses),
            institution=reading.institution and not reading.own_unit,
        )

    @staticmethod
    def _cues(reading: Reading) -> set[Cue]:
        return reading.cues | set(reading.cue_at.values())

    def _words(self, text: str) -> list[str]:
        words = strip_question_form(tokenize(text[:MAX_CHARS])[:MAX_WORDS])
        return [fixed for word in words for fixed in self._correct(word)]

    def _correct(self, word: str) -> tuple[str, ...]:
        """The word as the plan's vocabulary spells it: typos fixed, run-together words split."""
        known = self._corrections.get(word)
        if known is None:
            known = self._spell(word)
            if len(self._corrections) >= _CACHE_LIMIT:
                self._corrections.clear()
            self._corrections[word] = known
        return known

    def _spell(self, word: str) -> tuple[str, ...]:
        index = self._index
        if word in STOPWORDS or word in index.vocabulary or len(word) < 4 or not word.isalpha():
            return (word,)
        if stem(word) in index.name_stems:
            return (word,)
        for cut in range(2, len(word) - 1):
            head, tail = word[:cut], word[cut:]
            if self._is_name_word(head) and self._is_name_word(tail):
                return (head, tail)
        limit = 1 if len(word) <= 5 else 2
        found = process.extractOne(word, index.fuzzy_vocabulary, scorer=OSA.distance, score_cutoff=limit)
        if found is None:
            return (word,)
        fixed, distance = found[0], found[1]
        if fixed in PERIOD_WORDS and (distance > 1 or len(word) < 5):
            return (word,)
        return (fixed,)

    def _is_name_word(self, word: str) -> bool:
        index = self._index
        return word not in STOPWORDS and (word in index.vocabulary or stem(word) in index.name_stems)

    def _read(self, words: list[str]) -> Reading:
        reading = Reading(words=words, stems=[stem(word) for word in words])
        found = find_period(words, self._cutoff)
        used: set[int] = set()
        if found is not None:
            reading.period = found.period
            reading.period_said = True
            used |= found.positions
        own = _own_unit_positions(words, used)
        reading.own_unit = bool(own)
        used |= own
        used |= self._match_phrases(reading, used)
        for position, word in enumerate(words):
            reading.kinds.append(self._kind(reading, position, word, position in used))
        return reading

    def _kind(self, reading: Reading, position: int, word: str, used: bool) -> WordKind:
        word_stem = reading.stems[position]
        if position in reading.phrase_positions:
            return WordKind.HARD if word_stem in self._index.name_stems else WordKind.SOFT
        if used:
            return WordKind.OTHER
        if word in STATUS_WORDS:  # a colour filters the answer and names nothing
            reading.cue_at[position] = _add_status(reading, position, word)
            return WordKind.OTHER
        if word in CUE_WORDS:
            reading.cue_at[position] = CUE_WORDS[word]
            reading.institution = reading.institution or word in INSTITUTION_WORDS
            return WordKind.SOFT
        if word in STOPWORDS:
            return WordKind.OTHER
        if word_stem in GENERIC_STEMS:
            return WordKind.SOFT
        if word.isdigit():  # "2020" tells the 2020 campaign apart, but names nothing alone
            if self._numbers_unit(reading, position):
                return WordKind.HARD  # "ugel 03", "sede sur 46": the number of a unit said by name
            return WordKind.SOFT if word_stem in self._index.name_stems else WordKind.OTHER
        if word_stem in self._index.name_stems:
            return WordKind.HARD
        if len(word) < 3:
            return WordKind.OTHER
        return WordKind.UNKNOWN

    def _numbers_unit(self, reading: Reading, position: int) -> bool:
        """Whether the number at ``position`` is part of a unit's name said beside another of its words."""
        key_units = self._index.key_units
        holders = key_units.get(reading.stems[position], frozenset())
        near = reading.stems[max(position - 1, 0) : position] + reading.stems[position + 1 : position + 2]
        return any(holders & key_units.get(word, frozenset()) for word in near)

    def _match_phrases(self, reading: Reading, used: set[int]) -> set[int]:
        """Finds the names and cue phrases said outright, longest first; returns the cue positions."""
        cue_positions: set[int] = set()
        position = 0
        while position < len(reading.stems):
            size, target = self._phrase_at(reading.stems, position, used)
            if target is None:
                position += 1
                continue
            span = range(position, position + size)
            if target.cue is not None:
                reading.cues.add(target.cue)
                cue_positions.update(span)
                if tuple(reading.stems[position : position + size]) in INSTITUTION_PHRASES:
                    reading.institution = True
            else:
                reading.phrase_positions.update(span)
                for unit in target.units:
                    reading.unit_refs[unit] = max(reading.unit_refs.get(unit, 0.0), target.weight)
                    reading.unit_positions.setdefault(unit, set()).update(span)
                for activity in target.activities:
                    old = reading.activity_refs.get(activity, 0.0)
                    reading.activity_refs[activity] = max(old, target.weight)
            position += size
        return cue_positions

    def _phrase_at(self, stems: list[str], position: int, used: set[int]) -> tuple[int, PhraseTarget | None]:
        """The longest phrase starting at ``position`` that no period word is part of."""
        longest = min(self._index.phrase_lengths.get(stems[position], 0), len(stems) - position)
        for size in range(longest, 0, -1):
            target = self._index.phrases.get(tuple(stems[position : position + size]))
            if target is not None and used.isdisjoint(range(position, position + size)):
                return size, target
        return 0, None

    def _suggest(self, unknown: list[str]) -> tuple[str, ...]:
        """The units with a word closest to the words that named nothing."""
        index = self._index
        best: dict[int, float] = {}
        for word in unknown:
            choices = index.suggestion_words
            found = process.extract(stem(word), choices, scorer=fuzz.ratio, score_cutoff=SUGGESTION_CUTOFF)
            for _word, score, position in found:
                for unit in index.suggestion_units[position]:
                    best[unit] = max(best.get(unit, 0.0), score)
        ranked = sorted(best, key=lambda unit: (-best[unit], unit))
        return tuple(index.units[unit] for unit in ranked[:MAX_SUGGESTIONS])


def _own_unit_positions(words: list[str], used: set[int]) -> set[int]:
    """Where the question says the asker's own unit: "mi unidad", "mi área orgánica", "mis actividades"."""
    positions: set[int] = set()
    for i, word in enumerate(words[:-1]):
        noun = words[i + 1]
        if word not in OWN_POSSESSIVES or i + 1 in used:
            continue
        if noun in OWN_UNIT_NOUNS or noun in OWN_PLURAL_NOUNS:
            positions.update((i, i + 1))
            if i + 2 < len(words) and words[i + 2] in OWN_TRAILERS:
                positions.add(i + 2)
    return positions


def _add_status(reading: Reading, position: int, word: str) -> Cue:
    """Adds the colour asked for (the other bands when negated); lagging unless only verde."""
    status = STATUS_WORDS[word]
    before = position - 1
    while before >= 0 and reading.words[before] in NEGATED_LINKS:
        before -= 1
    negated = before >= 0 and reading.words[before] in NEGATIONS
    added = BANDS - {status} if negated else {status}
    reading.statuses |= added
    return Cue.LAGGING if added - {Status.VERDE} else Cue.PROGRESS
