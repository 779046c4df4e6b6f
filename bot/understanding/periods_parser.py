"""Finding the reporting period a question names: "II trimestre", "en agosto", "a junio", "T2"...

Works on normalised words (see :mod:`bot.domain.text`). "en agosto" / "agosto" is that month; "a junio",
"hasta junio", "al cierre de junio" are cumulative from January; "al III trimestre" is cumulative
to the quarter's end (the report's own "EJECUCIÓN AL III TRIMESTRE"), while "el III trimestre" is
the quarter alone; "este trimestre" is the quarter holding the data cut-off, "el mes pasado" the
month before it. "acumulado" alone is the default period (cumulative to the cut-off), said outright;
a number no period has ("trimestre 5", "mes 13", "T-7") is read as no period at all, never as another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.periods import Period, PeriodKind, quarter_of

MONTH_WORDS: dict[str, int] = {
    "enero": 1,
    "ene": 1,
    "febrero": 2,
    "feb": 2,
    "marzo": 3,
    "mar": 3,
    "abril": 4,
    "abr": 4,
    "mayo": 5,
    "may": 5,
    "junio": 6,
    "jun": 6,
    "julio": 7,
    "jul": 7,
    "agosto": 8,
    "ago": 8,
    "setiembre": 9,
    "septiembre": 9,
    "set": 9,
    "sep": 9,
    "sept": 9,
    "octubre": 10,
    "oct": 10,
    "noviembre": 11,
    "nov": 11,
    "diciembre": 12,
    "dic": 12,
}

_ORDINALS = {
    1: "i 1 primer primero primera 1er 1ero 1era 1ro 1ra 1o 1a",
    2: "ii 2 segundo segunda 2do 2da 2o 2a",
    3: "iii 3 tercer tercero tercera 3er 3ero 3era 3ro 3ra 3o 3a",
    4: "iv 4 cuarto cuarta 4to 4ta 4o 4a",
}
QUARTER_NUMBERS: dict[str, int] = {word: n for n, words in _ORDINALS.items() for word in words.split()}
QUARTER_CODES: dict[str, int] = {
    code: n for n in range(1, 5) for code in (f"t{n}", f"{n}t", f"q{n}", f"{n}q", f"trim{n}")
}
_NUMBERS_AFTER = frozenset(w for w in QUARTER_NUMBERS if not w.isalpha() or w in ("i", "ii", "iii", "iv"))
"""What may follow "trimestre": "trimestre 2", "trimestre II" (not "trimestre segundo")."""
_BAD_ORDINALS = frozenset(
    (
        *("v", "vi", "vii", "viii", "ix", "x", "xi", "xii"),
        *("quinto", "quinta", "sexto", "sexta", "septimo", "septima", "octavo", "octava", "noveno", "novena"),
    )
)
"""Ordinals past the fourth: "quinto trimestre" names no quarter."""
_NUMBER = re.compile(r"(\d{1,3})[a-z]{0,3}")
"""A small number, maybe with an ordinal ending: "5", "5to", "13"; not a year like "2019"."""
_CODE = re.compile(r"(?:t|q|trim)(\d+)|(\d+)[tq]")
"""A quarter code with any number: "t5", "q0", "5t" (the valid ones are in QUARTER_CODES)."""
_SPLIT_CODES = frozenset(("t", "trim"))
"""A quarter code split from its number: "T-2", "T 2"."""
QUARTER_WORDS = frozenset(("trimestre", "trimestres", "trim", "trimestral"))
SEMESTER_WORDS = frozenset(("semestre", "sem"))
YEAR_WORDS = frozenset(("anual", "ano", "anio", "anho"))

_CUMULATIVE_LEADS = frozenset(("a", "al", "hasta"))
_ACCUMULATED = frozenset(("acumulado", "acumulada", "acumulados", "acumuladas", "acumulativo"))
"""Said alone, the default period: cumulative from January to the cut-off."""
_CUMULATIVE_MARKERS = _ACCUMULATED | frozenset(("cierre", "corte", "fin", "fines", "finales", "final"))
_SKIPPABLE = frozenset(("el", "la", "los", "de", "del", "mes", "dia"))
_CURRENT = frozenset(("este", "esta", "actual", "ultimo", "presente", "vigente", "curso"))
_PREVIOUS = frozenset(("pasado", "anterior", "penultimo"))
_RANGE_LINKS = frozenset(("a", "al", "hasta", "y", "e"))
_RANGE_LEADS = frozenset(("de", "desde", "entre"))

PERIOD_WORDS = frozenset(
    {
        *MONTH_WORDS,
        *QUARTER_NUMBERS,
        *QUARTER_WORDS,
        *SEMESTER_WORDS,
        *YEAR_WORDS,
        *_CUMULATIVE_MARKERS,
        *_PREVIOUS,
        *_BAD_ORDINALS,
    }
)
"""Every word the parser reads, for typo correction (``agsoto`` -> ``agosto``)."""


@dataclass(frozen=True)
class PeriodMatch:
    """The period found and the positions of the words that said it.

    ``period`` None: the words said the default period ("acumulado") or a period that does not exist
    ("trimestre 5"); either way no other period is meant, and those words name nothing else.
    """

    period: Period | None
    positions: frozenset[int]


def _is_day(word: str) -> bool:
    return word.isdigit() and 1 <= int(word) <= 31


def _lead(words: list[str], index: int) -> tuple[bool, int]:
    """Whether the words before ``index`` make it cumulative, and where those words start."""
    j = index - 1
    cumulative = False
    while j >= 0 and (words[j] in _SKIPPABLE or words[j] in _CUMULATIVE_MARKERS or _is_day(words[j])):
        cumulative = cumulative or words[j] in _CUMULATIVE_MARKERS
        j -= 1
    if j >= 0 and words[j] in _CUMULATIVE_LEADS:
        while j > 0 and words[j - 1] in _CUMULATIVE_MARKERS:  # "acumulado a agosto"
            j -= 1
        return True, j
    return cumulative, j + 1


def _small_number(word: str) -> int | None:
    """The number a word like "5", "5to" or "13" says, or None (not a number, or a year)."""
    found = _NUMBER.fullmatch(word)
    return int(found.group(1)) if found else None


def _is_bad_ordinal(word: str) -> bool:
    """A number or ordinal that no quarter has: "5", "5to", "quinto", "v"."""
    return word not in QUARTER_NUMBERS and (word in _BAD_ORDINALS or _small_number(word) is not None)


def _no_period(*positions: int) -> PeriodMatch:
    return PeriodMatch(None, frozenset(positions))


def _quarter_period(quarter: int, cumulative: bool) -> Period:
    return Period.cumulative(3 * quarter) if cumulative else Period.quarter(quarter)


def _range_period(first: int, last: int) -> Period | None:
    if last < first:
        return None
    if first == last:
        return Period.month(first)
    if first == 1:
        return Period.cumulative(last)
    if (first - 1) % 3 == 0 and last == first + 2:
        return Period.quarter(quarter_of(first))
    return Period.cumulative(last)


def _month_at(words: list[str], i: int) -> PeriodMatch | None:
    month = MONTH_WORDS[words[i]]
    for gap in (1, 2):
        k = i + gap
        if k < len(words) and words[k] in MONTH_WORDS and all(w in _RANGE_LINKS for w in words[i + 1 : k]):
            period = _range_period(month, MONTH_WORDS[words[k]])
            if period is not None:
                start = i - 1 if i > 0 and words[i - 1] in _RANGE_LEADS else i
                return PeriodMatch(period, frozenset(range(start, k + 1)))
    cumulative, start = _lead(words, i)
    period = Period.cumulative(month) if cumulative else Period.month(month)
    return PeriodMatch(period, frozenset(range(start, i + 1)))


def _current_quarter(words: list[str], i: int, cutoff: int) -> tuple[int, frozenset[int]] | None:
    """An unnumbered "trimestre": this one ("este trimestre") or the one before ("trimestre pasado")."""
    near = {j: words[j] for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < len(words)}
    current = quarter_of(cutoff)
    for j, word in near.items():
        if word in _PREVIOUS:
            return (current - 1, frozenset((i, j))) if current > 1 else None
    used = frozenset((i, *(j for j, word in near.items() if word in _CURRENT)))
    return current, used


def _quarter_at(words: list[str], i: int, cutoff: int) -> PeriodMatch | None:
    word = words[i]
    following = words[i + 1] if i + 1 < len(words) else ""
    previous = words[i - 1] if i > 0 else ""
    if word in QUARTER_CODES:
        quarter, last = QUARTER_CODES[word], i
    elif _CODE.fullmatch(word):
        return _no_period(i)
    elif word in _SPLIT_CODES and following.isdigit():
        if following not in QUARTER_NUMBERS:
            return _no_period(i, i + 1)
        quarter, last = QUARTER_NUMBERS[following], i + 1
    elif word in QUARTER_NUMBERS and following in QUARTER_WORDS:
        quarter, last = QUARTER_NUMBERS[word], i + 1
    elif word in QUARTER_WORDS and following in _NUMBERS_AFTER:
        quarter, last = QUARTER_NUMBERS[following], i + 1
    elif word in QUARTER_WORDS and _is_bad_ordinal(following):
        return _no_period(i, i + 1)
    elif word in QUARTER_WORDS and _is_bad_ordinal(previous):
        return _no_period(i - 1, i)
    elif word in QUARTER_WORDS:
        found = _current_quarter(words, i, cutoff)
        if found is None:
            return None
        quarter, used = found
        cumulative, start = _lead(words, min(used))
        return PeriodMatch(_quarter_period(quarter, cumulative), used | frozenset(range(start, i + 1)))
    else:
        return None
    cumulative, start = _lead(words, i)
    return PeriodMatch(_quarter_period(quarter, cumulative), frozenset(range(start, last + 1)))


def _other_at(words: list[str], i: int, cutoff: int) -> PeriodMatch | None:
    word = words[i]
    following = words[i + 1] if i + 1 < len(words) else ""
    if word in QUARTER_NUMBERS and following in SEMESTER_WORDS and QUARTER_NUMBERS[word] == 1:
        return PeriodMatch(Period.cumulative(6), frozenset((i, i + 1)))
    if word in YEAR_WORDS:
        return PeriodMatch(Period.year(), frozenset((i,)))
    previous = words[i - 1] if i > 0 else ""
    if word != "mes":
        return None
    if following in _CURRENT or previous in _CURRENT:
        used = {i, i - 1 if previous in _CURRENT else i, i + 1 if following in _CURRENT else i}
        return PeriodMatch(Period.month(cutoff), frozenset(used))
    if following in _PREVIOUS or previous in _PREVIOUS:
        said = i + 1 if following in _PREVIOUS else i - 1
        if cutoff == 1:  # the month before January is last year's: not in this plan
            return _no_period(i, said)
        cumulative, start = _lead(words, min(i, said))
        month = Period.cumulative(cutoff - 1) if cumulative else Period.month(cutoff - 1)
        return PeriodMatch(month, frozenset((*range(start, i + 1), said)))
    number = _small_number(following) if following.isdigit() else None
    if number is None:
        return None
    if not 1 <= number <= 12:
        return _no_period(i, i + 1)
    cumulative, start = _lead(words, i)
    period = Period.cumulative(number) if cumulative else Period.month(number)
    return PeriodMatch(period, frozenset(range(start, i + 2)))


def _accumulated(words: list[str], found: PeriodMatch | None) -> PeriodMatch | None:
    """ "acumulado" anywhere: the month or quarter found made cumulative, or the default period."""
    taken = found.positions if found else frozenset()
    said = frozenset(i for i, word in enumerate(words) if word in _ACCUMULATED and i not in taken)
    if not said:
        return found
    if found is None:
        return PeriodMatch(None, said)
    period = found.period
    if period is not None and period.kind is PeriodKind.MONTH and period.value is not None:
        period = Period.cumulative(period.value)
    elif period is not None and period.kind is PeriodKind.QUARTER and period.value is not None:
        period = Period.cumulative(3 * period.value)
    return PeriodMatch(period, found.positions | said)


def find_period(words: list[str], cutoff_month: int) -> PeriodMatch | None:
    """The first period the words name, or None (the default: cumulative to the cut-off).

    A match whose ``period`` is None also means the default, said outright or by a period that
    does not exist; its positions are the words that said it.
    """
    cutoff = min(max(cutoff_month, 1), 12)
    found: PeriodMatch | None = None
    for i, word in enumerate(words):
        if word in MONTH_WORDS:
            found = _month_at(words, i)
        else:
            found = _quarter_at(words, i, cutoff) or _other_at(words, i, cutoff)
        if found is not None:
            break
    return _accumulated(words, found)
