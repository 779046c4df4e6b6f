"""The CEPLAN workbook of a month, from the current plan as stored now (validated months included)."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session

from bot.domain.periods import MONTH_NAMES
from bot.render.ceplan_xlsx import ceplan_xlsx, file_name
from bot.services.reporting_types import Document
from storage.queries import current_plan, load_snapshot


class NothingToExport(LookupError):
    """No plan is loaded."""


def ceplan_export(engine: Engine, month: int) -> Document:
    """The month as CEPLAN's XLSX layout; raises NothingToExport without a plan."""
    with Session(engine) as session:
        plan = current_plan(session=session)
        if plan is None or plan.id is None:
            raise NothingToExport("Aún no hay un POI cargado: no hay nada que exportar.")
        snapshot = load_snapshot(session=session, plan_id=plan.id)
    caption = (
        f"Formato de CEPLAN, ejecución a {MONTH_NAMES[month - 1]} de {snapshot.year}: columnas F(SE) y "
        "Motivo(SE) listas para cargar."
    )
    return Document(file_name(snapshot, month), ceplan_xlsx(snapshot, month), caption)
