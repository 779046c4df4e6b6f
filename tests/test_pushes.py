"""What each push says, as tables over snapshots: the sample's figures and small made-up plans."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.domain.figures import ActivitySeries, Bands
from bot.domain.periods import Period
from bot.domain.snapshot import PlanSnapshot
from bot.pushes.calendar import PushKind
from bot.pushes.messages import (
    push_text,
    quarter_alert_text,
    quarter_behind,
    quarter_to_date,
    reminder_text,
    silence_reason,
)
from bot.pushes.plan import Audience
from bot.pushes.update_notice import data_update_text
from storage.subscriptions import Recipient

BANDS = Bands()
RRHH = "GERENCIA DE RECURSOS HUMANOS"
FINANZAS = "GERENCIA DE FINANZAS"
WORST = "GESTIONAR EL TRANSITO AL NUEVO REGIMEN DEL SERVICIO CIVIL"
NONE12: tuple[float | None, ...] = (None,) * 12


def series(unit: str, activity: str, programmed: list[float], executed: list[float]) -> ActivitySeries:
    pad = [None] * 12
    return ActivitySeries(
        unit=unit,
        activity=activity,
        measure="INFORMES",
        annual_target=sum(programmed),
        programmed=tuple([*programmed, *pad][:12]),
        executed=tuple([*executed, *pad][:12]),
    )


def plan(cutoff: int, *items: ActivitySeries, year: int = 2024, plan_id: int = 1) -> PlanSnapshot:
    units = tuple(dict.fromkeys(item.unit for item in items))
    return PlanSnapshot(
        plan_id=plan_id,
        entity="SAT",
        year=year,
        cutoff_month=cutoff,
        title="",
        source_name="x",
        imported_at=datetime(2024, 1, 1, tzinfo=UTC),
        units=units,
        series=items,
    )


# Programmed 2 a month; executed to July and August only (the cut-off is August).
BEHIND = series("OFICINA <A&B>", "INFORMAR <RÁPIDO>", [2] * 12, [2, 2, 2, 2, 2, 2, 1, 1])
ON_TRACK = series("OFICINA <A&B>", "ARCHIVAR", [1] * 12, [1] * 8)


@pytest.mark.parametrize(
    ("kind", "period", "scopes", "sent"),
    [
        (PushKind.QUARTER_ALERT, Period.quarter(3), (RRHH,), True),
        (PushKind.QUARTER_ALERT, Period.quarter(3), (FINANZAS,), False),  # nothing lags
        (PushKind.QUARTER_ALERT, Period.quarter(3), ("*",), True),
        (PushKind.QUARTER_ALERT, Period.quarter(4), (RRHH,), False),  # the data stop at September
        (PushKind.QUARTER_SUMMARY, Period.quarter(3), (FINANZAS,), True),
        (PushKind.QUARTER_SUMMARY, Period.quarter(4), ("*",), False),
        (PushKind.REMINDER, Period.month(9), (FINANZAS,), True),
        (PushKind.REMINDER, Period.month(12), (RRHH,), True),  # nothing programmed, still a reminder
        (PushKind.REMINDER, Period.month(9), ("UNA UNIDAD QUE NO EXISTE",), False),
        (PushKind.REMINDER, Period.month(9), (), False),
    ],
)
def test_who_gets_what_on_the_sample(
    seed_snapshot: PlanSnapshot, kind: PushKind, period: Period, scopes: tuple[str, ...], sent: bool
) -> None:
    assert (push_text(kind, period, seed_snapshot, scopes, BANDS) is not None) is sent


def test_no_plan_for_the_year_means_silence() -> None:
    assert push_text(PushKind.REMINDER, Period.month(1), None, ("*",), BANDS) is None


def test_the_quarter_alert_of_rrhh_names_the_activity_and_the_gap(seed_snapshot: PlanSnapshot) -> None:
    text = quarter_alert_text(seed_snapshot, 3, (RRHH, FINANZAS), BANDS)
    assert text is not None
    assert f"<b>{RRHH}</b>: 1 actividad rezagada" in text
    assert f"🔴 {WORST} — 0 de 2 DOCUMENTOS (0.0 %) · faltan 2" in text
    assert FINANZAS not in text  # a section only for the units with something behind


def test_a_quarter_to_date_counts_only_the_months_with_data() -> None:
    figure = quarter_to_date(BEHIND, 3, 8, BANDS)
    assert (figure.programmed, figure.executed, figure.percent) == (4.0, 2.0, 50.0)
    whole = quarter_to_date(BEHIND, 2, 8, BANDS)
    assert (whole.programmed, whole.executed) == (6.0, 6.0)
    with pytest.raises(ValueError, match="do not reach quarter 4"):
        quarter_to_date(BEHIND, 4, 8, BANDS)
    ((row, to_close),) = quarter_behind(plan(8, BEHIND, ON_TRACK), 3, None, BANDS)
    assert (row.activity, to_close) == ("INFORMAR <RÁPIDO>", 4.0)  # 6 programmed in the quarter, 2 done


def test_the_alert_escapes_data_and_says_the_quarter_has_not_closed() -> None:
    text = quarter_alert_text(plan(8, BEHIND, ON_TRACK), 3, ("OFICINA <A&B>",), BANDS)
    assert text is not None
    assert text.splitlines()[:5] == [
        "⚠️ <b>El III trimestre de 2024 cierra el 30 de septiembre</b>",
        "Van por debajo de lo programado en el trimestre (datos hasta agosto); «faltan» es lo que queda "
        "para cumplirlo.",
        "",
        "<b>OFICINA &lt;A&amp;B&gt;</b>: 1 actividad rezagada",
        "🔴 INFORMAR &lt;RÁPIDO&gt; — 2 de 4 INFORMES (50.0 %) · faltan 4",
    ]


def test_a_long_list_is_cut_with_how_many_more() -> None:
    many = [series("U", f"ACTIVIDAD {n:02d}", [1] * 12, [0] * 9) for n in range(20)]
    text = reminder_text(plan(9, *many), 9, ("U",), BANDS)
    assert text is not None
    assert "… y 5 más" in text.splitlines()
    assert text.count("• ACTIVIDAD") == 15


@pytest.mark.parametrize(
    ("kind", "year", "period", "cutoff", "scopes", "reason"),
    [
        (PushKind.REMINDER, 2025, Period.month(1), None, ("U",), "no hay un POI 2025 cargado"),
        (
            PushKind.QUARTER_ALERT,
            2024,
            Period.quarter(4),
            8,
            ("OFICINA <A&B>",),
            "los datos del POI 2024 llegan a agosto: aún no hay ejecución del IV trimestre",
        ),
        (
            PushKind.QUARTER_ALERT,
            2024,
            Period.quarter(2),
            8,
            ("OFICINA <A&B>",),
            "con los datos actuales no hay actividades rezagadas en el II trimestre",
        ),
        (PushKind.QUARTER_ALERT, 2024, Period.quarter(3), 8, ("OFICINA <A&B>",), None),
        (PushKind.REMINDER, 2024, Period.month(8), 8, ("OTRA",), "tus unidades no figuran en el POI 2024"),
    ],
)
def test_why_a_push_would_be_silent(
    kind: PushKind, year: int, period: Period, cutoff: int | None, scopes: tuple[str, ...], reason: str | None
) -> None:
    snapshot = plan(cutoff, BEHIND, ON_TRACK) if cutoff is not None else None
    assert silence_reason(kind, year, period, snapshot, scopes, BANDS) == reason


def test_the_data_update_says_what_fell_behind_and_what_recovered() -> None:
    before = plan(7, BEHIND, replace(ON_TRACK, executed=(1, 1, 1, 1, 1, 1, 0, *NONE12[7:])), plan_id=1)
    after = plan(8, BEHIND, ON_TRACK, plan_id=2)
    text = data_update_text(before, after, ("OFICINA <A&B>",), BANDS)
    assert text is not None
    lines = text.splitlines()
    assert lines[0] == "🔄 <b>Datos del POI 2024 actualizados</b>: ahora a agosto (antes a julio)"
    assert "Rezagadas: 2 → 1" in lines
    assert lines[lines.index("Se pusieron al día:") + 1] == "🟢 ARCHIVAR — 8 de 8 INFORMES (100.0 %)"
    assert "Nuevas rezagadas:" not in lines
    other_year = data_update_text(plan(12, BEHIND, year=2023), after, ("*",), BANDS)
    assert other_year is not None
    assert other_year.splitlines()[0] == "📥 <b>Nuevo POI 2024 cargado</b>, con datos a agosto"
    assert data_update_text(before, after, ("OTRA",), BANDS) is None


@pytest.mark.parametrize(
    ("restricted", "telegram_id", "scopes", "visible"),
    [
        (False, 1, ("A", "B"), ("A", "B")),
        (True, 1, ("A", "B"), ("A",)),  # only their own unit
        (True, 2, ("B",), ()),  # subscribed before their unit changed
        (True, 9, ("*",), ("*",)),  # an admin sees everything
    ],
)
def test_a_restricted_user_is_only_told_about_their_unit(
    restricted: bool, telegram_id: int, scopes: tuple[str, ...], visible: tuple[str, ...]
) -> None:
    audience = Audience(restricted, admin_ids=(9,), units={1: "A", 2: "C"})
    assert audience.scopes(Recipient(telegram_id, telegram_id, scopes)) == visible
    calls: list[tuple[str, ...]] = []

    def compose(found: tuple[str, ...]) -> str:
        calls.append(found)
        return "x"

    text_for = audience.texts(compose)
    assert text_for(Recipient(telegram_id, telegram_id, scopes)) == ("x" if visible else None)
    text_for(Recipient(telegram_id + 100, telegram_id, scopes))
    assert len(calls) == (1 if visible else 0)  # composed once per set of scopes
