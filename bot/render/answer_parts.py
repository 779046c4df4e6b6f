"""The pieces every rendering of an answer shares: markup (plain or Telegram HTML), the period
phrase, an activity's figure line, the band counts and the headline icon."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar, overload

from bot.domain.figures import (
    STATUS_ICONS,
    STATUS_LABELS,
    ActivityFigure,
    Progress,
    Status,
    format_percent,
    format_quantity,
)
from bot.domain.limits import MAX_MESSAGE_LENGTH
from bot.domain.markup import html_escape
from bot.domain.periods import MONTH_NAMES, Period, PeriodKind
from bot.render.textsplit import telegram_length

MAX_CHARS = MAX_MESSAGE_LENGTH


class Markup:
    """Plain text: data strings as they are."""

    def text(self, value: str) -> str:
        return value

    def bold(self, value: str) -> str:
        return value

    def italic(self, value: str) -> str:
        return value


class HtmlMarkup(Markup):
    """Telegram HTML: data strings escaped, emphasis as tags."""

    def text(self, value: str) -> str:
        return html_escape(value)

    def bold(self, value: str) -> str:
        return f"<b>{self.text(value)}</b>"

    def italic(self, value: str) -> str:
        return f"<i>{self.text(value)}</i>"


PLAIN = Markup()
HTML = HtmlMarkup()


def period_phrase(period: Period) -> str:
    """How a reply names its period: "al III trimestre (ene–sep)", "en agosto", "del año"."""
    if period.kind is PeriodKind.MONTH:
        return f"en {period.label()}"
    if period.kind is PeriodKind.QUARTER:
        return f"en el {period.label()}"
    if period.kind is PeriodKind.YEAR:
        return "del año frente a la meta anual"
    return period.label()


def figure_line(row: ActivityFigure, m: Markup | None = None) -> str:
    """ "3 de 6 ACCIONES (50.0 %)": executed of programmed, with the percent or why there is none.

    Pass the markup the line goes into: the unit of measure is data and gets escaped for HTML.
    """
    measure = f" {(m or PLAIN).text(row.measure)}" if row.measure else ""
    amount = f"{format_quantity(row.executed)} de {format_quantity(row.programmed)}{measure}"
    if row.percent is None:
        return f"{amount} ({STATUS_LABELS[row.status]})"
    over = ", sobre-ejecución" if row.over_executed else ""
    return f"{amount} ({format_percent(row.percent)}{over})"


def progress_line(summary: Progress) -> str:
    """ "🟢 6 verde · 🟡 1 ámbar · 🔴 1 rojo", plus the activities without a percent."""
    parts = [
        f"{STATUS_ICONS[Status.VERDE]} {summary.verde} verde",
        f"{STATUS_ICONS[Status.AMBAR]} {summary.ambar} ámbar",
        f"{STATUS_ICONS[Status.ROJO]} {summary.rojo} rojo",
    ]
    if summary.sin_programacion:
        parts.append(f"{STATUS_ICONS[Status.SIN_PROGRAMACION]} {summary.sin_programacion} sin programación")
    if summary.sin_programar:
        parts.append(f"{STATUS_ICONS[Status.SIN_PROGRAMAR]} {summary.sin_programar} ejecutado sin programar")
    return " · ".join(parts)


def headline_icon(summary: Progress | None) -> str:
    status = summary.status if summary else None
    return STATUS_ICONS[status] if status else STATUS_ICONS[Status.SIN_PROGRAMACION]


YEAR_ICON = "📅"


def fit(head: Sequence[str], items: Sequence[str], tail: Sequence[str], *, max_items: int) -> str:
    """Joins head, as many items as fit (at most max_items) and tail within MAX_CHARS."""
    fixed = telegram_length("\n".join([*head, *tail])) + 40
    shown: list[str] = []
    used = fixed
    for item in items[:max_items]:
        size = telegram_length(item) + 1
        if used + size > MAX_CHARS:
            break
        shown.append(item)
        used += size
    rest = len(items) - len(shown)
    more = [f"… y {rest} más"] if rest else []
    return "\n".join([*head, *shown, *more, *tail])


def plan_footer(plan_year: int, cutoff_month: int) -> str:
    """ "POI 2019 · datos a septiembre"."""
    return f"POI {plan_year} · datos a {MONTH_NAMES[cutoff_month - 1]}"


def count_phrase(count: int, one: str, many: str) -> str:
    """ "1 actividad", "8 actividades"."""
    return f"{count} {one if count == 1 else many}"


_Item = TypeVar("_Item")


class Lines(Sequence[str], Generic[_Item]):
    """The lines of a list, each written only when shown: a list of 10,000 lagging activities
    renders the 15 that fit, and ``len`` still counts them all for "y N más"."""

    def __init__(self, items: Sequence[_Item], line: Callable[[int, _Item], str]) -> None:
        self._items = items
        self._line = line  # (1-based position, item) -> the line

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            positions = range(len(self._items))[index]
            return [self._line(i + 1, self._items[i]) for i in positions]
        position = range(len(self._items))[index]
        return self._line(position + 1, self._items[position])
