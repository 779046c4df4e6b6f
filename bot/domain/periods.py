"""Reporting periods: a month, a quarter, cumulative from January to a month, or the whole year."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

MONTH_NAMES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
MONTH_ABBR = ("ENE", "FEB", "MAR", "ABR", "MAY", "JUN", "JUL", "AGO", "SEP", "OCT", "NOV", "DIC")
QUARTER_ROMAN = ("I", "II", "III", "IV")


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    CUMULATIVE = "cumulative"
    YEAR = "year"


def quarter_of(month: int) -> int:
    """Returns the quarter (1-4) a month (1-12) belongs to."""
    return (month - 1) // 3 + 1


def quarter_months(quarter: int) -> range:
    """Returns the months (1-12) of a quarter (1-4)."""
    return range(3 * quarter - 2, 3 * quarter + 1)


@dataclass(frozen=True)
class Period:
    """A reporting period; ``value`` is the month, the quarter, or the last month of a cumulative."""

    kind: PeriodKind
    value: int | None = None

    def __post_init__(self) -> None:
        limits = {
            PeriodKind.MONTH: (1, 12),
            PeriodKind.QUARTER: (1, 4),
            PeriodKind.CUMULATIVE: (1, 12),
        }
        if self.kind is PeriodKind.YEAR:
            if self.value is not None:
                raise ValueError("a year period carries no value")
            return
        low, high = limits[self.kind]
        if self.value is None or not low <= self.value <= high:
            raise ValueError(f"{self.kind} period needs a value in {low}..{high}, got {self.value}")

    @classmethod
    def month(cls, month: int) -> Period:
        return cls(PeriodKind.MONTH, month)

    @classmethod
    def quarter(cls, quarter: int) -> Period:
        return cls(PeriodKind.QUARTER, quarter)

    @classmethod
    def cumulative(cls, month: int) -> Period:
        return cls(PeriodKind.CUMULATIVE, month)

    @classmethod
    def year(cls) -> Period:
        return cls(PeriodKind.YEAR)

    @property
    def number(self) -> int:
        """The month, the quarter, or the last month of a cumulative; a year period has none."""
        if self.value is None:
            raise ValueError(f"a {self.kind} period has no month or quarter number")
        return self.value

    @property
    def months(self) -> range:
        """The months (1-12) the period covers."""
        if self.kind is PeriodKind.MONTH:
            return range(self.number, self.number + 1)
        if self.kind is PeriodKind.QUARTER:
            return quarter_months(self.number)
        if self.kind is PeriodKind.CUMULATIVE:
            return range(1, self.number + 1)
        return range(1, 13)

    @property
    def last_month(self) -> int:
        """The last month the period covers."""
        return self.months[-1]

    def label(self) -> str:
        """Spanish label, e.g. "septiembre", "II trimestre", "acumulado a junio", "año"."""
        if self.kind is PeriodKind.MONTH:
            return MONTH_NAMES[self.number - 1]
        if self.kind is PeriodKind.QUARTER:
            return f"{QUARTER_ROMAN[self.number - 1]} trimestre"
        if self.kind is PeriodKind.CUMULATIVE:
            if self.number % 3 == 0:
                quarter = QUARTER_ROMAN[self.number // 3 - 1]
                return f"al {quarter} trimestre (ene–{MONTH_ABBR[self.number - 1].lower()})"
            return f"acumulado a {MONTH_NAMES[self.number - 1]}"
        return "año (frente a la meta anual)"

    def as_json(self) -> dict[str, str | int | None]:
        return {"kind": self.kind.value, "value": self.value}


_CODE = re.compile(r"^(?:([mqc])([0-9]{1,2})|y)\Z")
_CODES = {PeriodKind.MONTH: "m", PeriodKind.QUARTER: "q", PeriodKind.CUMULATIVE: "c"}
_CODE_KINDS = {code: kind for kind, code in _CODES.items()}


def period_code(period: Period) -> str:
    """A period in a few characters, for buttons and links: "m9", "q3", "c9" (to September), "y"."""
    if period.kind is PeriodKind.YEAR:
        return "y"
    return f"{_CODES[period.kind]}{period.number}"


def parse_period_code(code: str) -> Period:
    """The period a code of `period_code` names; ValueError for anything else."""
    match = _CODE.match(code)
    if match is None:
        raise ValueError(f"bad period code {code!r}")
    if code == "y":
        return Period.year()
    return Period(_CODE_KINDS[match.group(1)], int(match.group(2)))
