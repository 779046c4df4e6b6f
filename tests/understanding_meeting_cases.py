"""Meeting questions (issue 11) with what each must mean: rankings, comparisons, lists, counts, one
period's value, year-end projections, more ways of saying "lagging" and "help", and courtesy.

Checked by tests/test_meeting_questions.py and timed by benchmarks/bench_answers.py, with the
conversations (several turns in one chat) that follow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.figures import Status
from bot.domain.periods import Period
from bot.domain.query import Intent, Order, Scope
from tests.seed_names import (
    COB,
    DEF,
    ESC,
    FIN,
    IMG,
    IMP,
    INF,
    JEF,
    JUR,
    NORM,
    OCI,
    OPEE,
    RRHH,
    TRANSITO,
)

RANK, COMP, LIST, COUNT, VALUE, PROJ = (
    Intent.RANKING,
    Intent.COMPARISON,
    Intent.LIST,
    Intent.COUNT,
    Intent.VALUE,
    Intent.PROJECTION,
)
LAG, UP, SUM, HELP, THANKS = Intent.LAGGING, Intent.UNIT_PROGRESS, Intent.SUMMARY, Intent.HELP, Intent.THANKS
W, B = Order.WORST, Order.BEST
U, A = Scope.UNITS, Scope.ACTIVITIES
M, Q, C = Period.month, Period.quarter, Period.cumulative
VERDE, AMBAR, ROJO = Status.VERDE, Status.AMBAR, Status.ROJO
CONTROL = "EJECUTAR EL CONTROL GUBERNAMENTAL"
RENDIMIENTO = "GESTIONAR EL RENDIMIENTO DE LOS SERVIDORES"
COOPERACION = "PROYECTOS DE COOPERACIÓN INTERINSTITUCIONAL"


@dataclass(frozen=True)
class Meeting:
    """What a meeting question must mean (fields left out are not checked, except as noted)."""

    question: str
    intent: Intent
    unit: str | None = None
    activity: str | None = None
    period: Period | None = None
    compared: tuple[str, ...] = ()
    order: Order | None = None
    limit: int | None = None
    scope: Scope | None = None
    statuses: frozenset[Status] = field(default_factory=frozenset)
    lagging_only: bool = False
    institution: bool | None = None


def q(
    question: str,
    intent: Intent,
    unit: str | None = None,
    activity: str | None = None,
    period: Period | None = None,
    *,
    compared: tuple[str, ...] = (),
    order: Order | None = None,
    limit: int | None = None,
    scope: Scope | None = None,
    statuses: tuple[Status, ...] = (),
    lagging_only: bool = False,
    institution: bool | None = None,
) -> Meeting:
    return Meeting(
        question,
        intent,
        unit,
        activity,
        period,
        compared,
        order,
        limit,
        scope,
        frozenset(statuses),
        lagging_only,
        institution,
    )


RANKINGS = [
    q("la unidad más atrasada", RANK, order=W, limit=1, scope=U),
    q("cuál es la unidad más atrasada", RANK, order=W, limit=1, scope=U),
    q("qué unidad va peor", RANK, order=W, limit=1, scope=U),
    q("la gerencia más rezagada", RANK, order=W, limit=1, scope=U),
    q("la peor unidad al II trimestre", RANK, period=C(6), order=W, limit=1, scope=U),
    q("las 5 unidades con más avance", RANK, order=B, limit=5, scope=U),
    q("las 3 unidades con menos avance", RANK, order=W, limit=3, scope=U),
    q("top 5 de unidades", RANK, order=B, limit=5, scope=U),
    q("top 3 gerencias en agosto", RANK, period=M(8), order=B, limit=3, scope=U),
    q("quién va mejor", RANK, order=B, limit=1, scope=U),
    q("quiénes van peor", RANK, order=W, scope=U),
    q("qué oficina tiene mayor avance", RANK, order=B, limit=1, scope=U),
    q("unidades con mayor avance en el I trimestre", RANK, period=Q(1), order=B, scope=U),
    q("unidades con menor avance", RANK, order=W, scope=U),
    q("las unidades más atrasadas a junio", RANK, period=C(6), order=W, scope=U),
    q("ranking de las peores unidades", RANK, order=W, scope=U),
    q("las 10 peores actividades", RANK, order=W, limit=10, scope=A),
    q("la actividad más atrasada", RANK, order=W, limit=1, scope=A),
    q("las actividades más atrasadas de cobranza", RANK, COB, order=W, scope=A),
    q("las 3 actividades con menos avance de RRHH", RANK, RRHH, order=W, limit=3, scope=A),
    q("actividades con mayor avance de finanzas", RANK, FIN, order=B, scope=A),
    q("la actividad más avanzada de TI", RANK, INF, order=B, limit=1, scope=A),
    q("cuál es la actividad con menor ejecución", RANK, order=W, limit=1, scope=A),
    q("las cinco actividades más rezagadas del POI", RANK, order=W, limit=5, scope=A, institution=True),
    q("qué unidad ocupa el último lugar", RANK, order=W, limit=1, scope=U),
    q("mejores unidades en agosto", RANK, period=M(8), order=B, scope=U),
    q("peor gerencia en el primer trimestre", RANK, period=Q(1), order=W, limit=1, scope=U),
    q("la unidad más baja", RANK, order=W, limit=1, scope=U),
    q("las dos unidades más atrasadas", RANK, order=W, limit=2, scope=U),
    q("las 5 unidades más adelantadas", RANK, order=B, limit=5, scope=U),
    q("la unidad más rezagada al tercer trimestre", RANK, period=C(9), order=W, limit=1, scope=U),
    q("actividades más atrasadas", RANK, order=W, scope=A),
    q("la actividad más rezagada de la escuela", RANK, ESC, order=W, limit=1, scope=A),
    q("peor actividad de OCI", RANK, OCI, order=W, limit=1, scope=A),
    q("mejor actividad de imagen institucional", RANK, IMG, order=B, limit=1, scope=A),
    q("la oficina con mejor desempeño", RANK, order=B, limit=1, scope=U),
    q("qué área está más atrasada", RANK, order=W, limit=1, scope=U),
]

COMPARISONS = [
    q("OCI frente a impugnaciones", COMP, compared=(OCI, IMP)),
    q("jurídica y normativa en el I trimestre", COMP, period=Q(1), compared=(JUR, NORM)),
    q("OCI vs TI", COMP, compared=(OCI, INF)),
    q("compara RRHH con finanzas", COMP, compared=(RRHH, FIN)),
    q("comparar finanzas y cobranza a junio", COMP, period=C(6), compared=(FIN, COB)),
    q("RRHH versus escuela", COMP, compared=(RRHH, ESC)),
    q("compara RRHH, OCI y TI", COMP, compared=(RRHH, OCI, INF)),
    q("finanzas contra cobranza en agosto", COMP, period=M(8), compared=(FIN, COB)),
    q("diferencia entre OCI y TI", COMP, compared=(OCI, INF)),
    q("comparación de imagen institucional y defensoría", COMP, compared=(IMG, DEF)),
    q("TI y RRHH al II trimestre", COMP, period=C(6), compared=(INF, RRHH)),
    q("cómo van finanzas y cobranza", COMP, compared=(FIN, COB)),
    q("comparativo de jefatura y OCI", COMP, compared=(JEF, OCI)),
    q("OCI frente a TI frente a RRHH", COMP, compared=(OCI, INF, RRHH)),
    q("compara escuela con finanzas en el primer trimestre", COMP, period=Q(1), compared=(ESC, FIN)),
    q("finanzas vs cobranza vs TI", COMP, compared=(FIN, COB, INF)),
    q("imagen institucional frente a jurídica", COMP, compared=(IMG, JUR)),
    q("planificación y estudios económicos frente a finanzas", COMP, compared=(OPEE, FIN)),
    q("compara OCI y TI en agosto", COMP, period=M(8), compared=(OCI, INF)),
    q("rrhh y finanzas", COMP, compared=(RRHH, FIN)),
    q("escuela vs jefatura a junio", COMP, period=C(6), compared=(ESC, JEF)),
]

LISTS = [
    q("actividades de imagen institucional", LIST, IMG),
    q("lista de actividades de OCI", LIST, OCI),
    q("listado de actividades de RRHH", LIST, RRHH),
    q("qué actividades tiene finanzas", LIST, FIN),
    q("cuáles son las actividades de TI", LIST, INF),
    q("actividades de la escuela", LIST, ESC),
    q("mis actividades", LIST),
    q("lista de actividades del POI", LIST, institution=True),
    q("enumera las actividades de jurídica", LIST, JUR),
    q("detalle de actividades de finanzas", LIST, FIN),
    q("listar actividades de OCI en agosto", LIST, OCI, period=M(8)),
    q("actividades de la jefatura", LIST, JEF),
    q("las actividades de defensoría del contribuyente", LIST, DEF),
    q("actividades de normativa al II trimestre", LIST, NORM, period=C(6)),
]

COUNTS = [
    q("¿cuántas actividades tiene OCI?", COUNT, OCI),
    q("número de rezagadas al II trimestre", COUNT, period=C(6), lagging_only=True),
    q("cuántas rezagadas tiene RRHH", COUNT, RRHH, lagging_only=True),
    q("cuántas actividades están en rojo", COUNT, statuses=(ROJO,)),
    q("número de actividades de finanzas", COUNT, FIN),
    q("cantidad de actividades atrasadas", COUNT, lagging_only=True),
    q("cuántas actividades en ámbar tiene TI", COUNT, INF, statuses=(AMBAR,)),
    q("cuántas actividades tiene la escuela", COUNT, ESC),
    q("cuántas están en verde", COUNT, statuses=(VERDE,)),
    q("cuántas actividades no cumplen la meta", COUNT, lagging_only=True),
    q("cuántas actividades rezagadas hay en el I trimestre", COUNT, period=Q(1), lagging_only=True),
    q("cuántas actividades tiene mi unidad", COUNT),
    q("número de actividades del POI", COUNT, institution=True),
    q("cuántas actividades atrasadas tiene cobranza", COUNT, COB, lagging_only=True),
    q("conteo de rezagadas de TI", COUNT, INF, lagging_only=True),
    q("cuántas actividades tiene jurídica", COUNT, JUR),
]

VALUES = [
    q("¿cuánto se ejecutó de control gubernamental en mayo?", VALUE, OCI, CONTROL, M(5)),
    q("cuánto se hizo de control gubernamental en el II trimestre", VALUE, OCI, CONTROL, Q(2)),
    q("valor de control gubernamental en junio", VALUE, OCI, CONTROL, M(6)),
    q(
        "cuánto se ejecutó del tránsito al nuevo régimen del servicio civil en el I trimestre",
        VALUE,
        RRHH,
        TRANSITO,
        Q(1),
    ),
    q("cuánto se ejecutó de rendimiento de los servidores en agosto", VALUE, RRHH, RENDIMIENTO, M(8)),
    q("cuánto se ejecutó de proyectos de cooperación interinstitucional", VALUE, ESC, COOPERACION),
    q("cifra de control gubernamental en setiembre", VALUE, OCI, CONTROL, M(9)),
    q("cuánto ejecutó control gubernamental en julio", VALUE, OCI, CONTROL, M(7)),
    q("cuántos se hicieron de control gubernamental en abril", VALUE, OCI, CONTROL, M(4)),
    q("cuánto del rendimiento de los servidores en el III trimestre", VALUE, RRHH, RENDIMIENTO, Q(3)),
]

PROJECTIONS = [
    q("¿cerraremos el año en meta?", PROJ),
    q("actividades en riesgo de no cumplir", PROJ),
    q("cómo cerraría finanzas", PROJ, FIN),
    q("proyección de RRHH", PROJ, RRHH),
    q("proyección al cierre del año", PROJ),
    q("llegaremos a la meta anual", PROJ),
    q("¿vamos a cumplir la meta?", PROJ),
    q("proyección de gestionar el rendimiento de los servidores", PROJ, RRHH, RENDIMIENTO),
    q("cerrará OCI en meta", PROJ, OCI),
    q("qué actividades están en riesgo", PROJ),
    q("actividades en riesgo de RRHH", PROJ, RRHH),
    q("al ritmo actual llegamos a la meta", PROJ),
    q("proyección anual del POI", PROJ, institution=True),
    q("cómo terminaría TI el año", PROJ, INF),
    q("alcanzaremos las metas de la escuela", PROJ, ESC),
    q("pronóstico de cierre de cobranza", PROJ, COB),
    q("estimación al cierre de finanzas", PROJ, FIN),
    q("se cumplirá la meta de control gubernamental", PROJ, OCI, CONTROL),
    q("a este ritmo cerramos bien?", PROJ),
    q("tendencia de RRHH", PROJ, RRHH),
    q("cómo cerraría el año la institución", PROJ, institution=True),
    q("proyección con datos a junio", PROJ, period=C(6)),
    q("proyectado al cierre de jurídica", PROJ, JUR),
    q("qué actividades de la escuela están en riesgo", PROJ, ESC),
    q("¿llegará RRHH a su meta anual?", PROJ, RRHH),
]

LAGGING_WAYS = [
    q("qué actividades no llegaron a la meta", LAG),
    q("actividades que no alcanzaron lo programado", LAG),
    q("qué no se cumplió en RRHH", LAG, RRHH),
    q("actividades por debajo de lo programado", LAG),
    q("actividades que se quedaron cortas", LAG),
    q("qué actividades van mal", LAG),
    q("qué está fallando en TI", LAG, INF),
    q("actividades con retraso en finanzas", LAG, FIN),
    q("actividades estancadas", LAG),
    q("qué actividades incumplieron", LAG),
    q("actividades que no lograron su meta en el I trimestre", LAG, period=Q(1)),
    q("lo que no se ejecutó en agosto", LAG, period=M(8)),
    q("actividades con menos de lo programado", LAG),
    q("qué actividades tienen atraso", LAG),
    q("actividades deficientes de cobranza", LAG, COB),
    q("actividades con ejecución insuficiente", LAG),
    q("qué quedó pendiente en OCI", LAG, OCI),
    q("cuáles no cumplieron en el II trimestre", LAG, period=Q(2)),
    q("actividades con demoras en RRHH", LAG, RRHH),
    q("qué tareas están flojas", LAG),
    q("actividades fuera de meta", LAG),
]

HELP_AND_COURTESY = [
    q("gracias", THANKS),
    q("muchas gracias", THANKS),
    q("gracias!!", THANKS),
    q("ok gracias", THANKS),
    q("mil gracias bot", THANKS),
    q("perfecto, gracias", THANKS),
    q("genial", THANKS),
    q("excelente, muchas gracias por la info", THANKS),
    q("listo", THANKS),
    q("te agradezco", THANKS),
    q("muy amable", THANKS),
    q("no entiendo", HELP),
    q("estoy perdido", HELP),
    q("qué puedo consultar", HELP),
    q("cómo te pregunto", HELP),
    q("dame ejemplos", HELP),
    q("no sé qué preguntar", HELP),
    q("qué información tienes", HELP),
    q("para qué sirves", HELP),
    q("necesito ayuda", HELP),
    q("me perdí", HELP),
    q("cómo uso esto", HELP),
    q("tienes una guía?", HELP),
]

CI_GOP = "EVALUAR Y DAR SEGUIMIENTO AL SISTEMA DE CONTROL INTERNO Y SISTEMA DE GESTIÓN DE RIESGOS"
NOT_MEETING = [
    # A meeting word inside a name, or a meeting form that cannot be answered as one.
    q(CI_GOP.lower(), Intent.ACTIVITY, "GERENCIA DE ORGANIZACION Y PROCESOS", CI_GOP),
    q("cuántas unidades hay", SUM),
    q("compara proyectos con OCI", UP),
]

MEETING_CASES = [
    *RANKINGS,
    *COMPARISONS,
    *LISTS,
    *COUNTS,
    *VALUES,
    *PROJECTIONS,
    *LAGGING_WAYS,
    *HELP_AND_COURTESY,
    *NOT_MEETING,
]


@dataclass(frozen=True)
class Turn:
    """One turn of a conversation: the question, and what the answer must be about."""

    question: str
    intent: Intent
    unit: str | None = None
    period: Period | None = None
    inherited: tuple[str, ...] = ()
    statuses: frozenset[Status] = frozenset()


CONVERSATIONS: dict[str, list[Turn]] = {
    "unit, then a month, then another unit": [
        Turn("¿cómo va finanzas?", UP, FIN),
        Turn("¿y en mayo?", UP, FIN, M(5), ("unit", "intent")),
        Turn("¿y OCI?", UP, OCI, M(5), ("period",)),
        Turn("¿y al cierre de junio?", UP, OCI, C(6), ("unit", "intent")),
    ],
    "lagging follows the unit, the colour follows too": [
        Turn("rezagadas de RRHH", LAG, RRHH),
        Turn("¿y las rojas?", LAG, RRHH, None, ("unit",), frozenset((ROJO,))),
        Turn("¿y en el I trimestre?", LAG, RRHH, Q(1), ("unit", "intent", "statuses"), frozenset((ROJO,))),
        Turn("¿y finanzas?", LAG, FIN, Q(1), ("intent", "period", "statuses"), frozenset((ROJO,))),
    ],
    "a question with its own subject starts afresh": [
        Turn("rezagadas de RRHH en mayo", LAG, RRHH, M(5)),
        Turn("¿cómo va OCI?", UP, OCI),
        Turn("resumen del POI", SUM),
    ],
    "rankings follow the period, then a unit's activities": [
        Turn("la unidad más atrasada", RANK),
        Turn("¿y en agosto?", RANK, None, M(8), ("intent",)),
        Turn("¿y en RRHH?", RANK, RRHH, M(8), ("intent", "period")),
    ],
    "comparison follows the period": [
        Turn("OCI frente a TI", COMP),
        Turn("¿y en el II trimestre?", COMP, None, Q(2), ("unit", "intent")),
    ],
    "projection follows the unit": [
        Turn("proyección de RRHH", PROJ, RRHH),
        Turn("¿y finanzas?", PROJ, FIN, None, ("intent",)),
        Turn("¿y la escuela?", PROJ, ESC, None, ("intent",)),
    ],
    "an activity, then its month, then its unit's lagging": [
        Turn("control gubernamental", Intent.ACTIVITY, OCI),
        Turn("¿y en mayo?", Intent.ACTIVITY, OCI, M(5), ("unit", "activity", "intent")),
        Turn("¿y las rezagadas?", LAG, OCI, M(5), ("unit", "period")),
    ],
    "count follows another unit; thanks keeps the context": [
        Turn("¿cuántas actividades tiene OCI?", COUNT, OCI),
        Turn("gracias", THANKS),
        Turn("¿y TI?", COUNT, INF, None, ("intent",)),
        Turn("¿y en agosto?", COUNT, INF, M(8), ("unit", "intent")),
    ],
}
