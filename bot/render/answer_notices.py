"""The replies that carry no figures: help, a name not found, which one was meant, no data yet,
and another unit's figures refused."""

from __future__ import annotations

from bot.domain.answers import Answer
from bot.domain.periods import MONTH_NAMES
from bot.render.answer_parts import Markup, period_phrase

EXAMPLES = (
    "¿cómo va finanzas?",
    "rezagadas de RRHH al II trimestre",
    "cobranza pre coactiva",
    "resumen del POI",
)


def compose_help(answer: Answer, m: Markup) -> str:
    lines = [
        f"Soy poi-bot: te digo cómo va el POI {answer.plan_year}, "
        f"con datos a {MONTH_NAMES[answer.cutoff_month - 1]}.",
        "Pregúntame con tus palabras, por ejemplo:",
        *[f"• {example}" for example in EXAMPLES],
        "",
        "Periodos: «en agosto», «a junio», «II trimestre», «T3», «en el año».",
        "También: «la unidad más atrasada», «OCI frente a TI», «¿cerraremos el año?», «¿y en mayo?».",
        "Comandos: /avance, /rezagadas, /actividad, /resumen, /mi_unidad, /grafico, /exportar, /ayuda.",
    ]
    return "\n".join(lines)


def compose_unknown(answer: Answer, m: Markup) -> str:
    asked = (answer.query.unmatched or "").strip()
    head = [f"No encontré «{m.bold(asked[:200])}» en el POI." if asked else "No entendí la pregunta."]
    if answer.suggestions:
        head.append("¿Quisiste decir?")
        head.extend(f"• {m.text(name)}" for name in answer.suggestions[:5])
    head.extend(["", "Prueba, por ejemplo:", *[f"• {example}" for example in EXAMPLES[:3]]])
    return "\n".join(head)


def compose_clarify(answer: Answer, m: Markup) -> str:
    head = ["Ese nombre puede referirse a varias opciones. ¿Cuál?"]
    for position, candidate in enumerate(answer.candidates[:5], start=1):
        label = candidate.activity if candidate.activity else candidate.unit
        extra = f" ({m.text(candidate.unit)})" if candidate.activity else ""
        head.append(f"{position}. {m.text(label)}{extra}")
    return "\n".join(head)


def compose_no_data(answer: Answer, m: Markup) -> str:
    return (
        f"Aún no hay datos de ejecución {period_phrase(answer.period)}: los datos del POI "
        f"{answer.plan_year} llegan hasta {MONTH_NAMES[answer.cutoff_month - 1]}."
    )


def compose_not_allowed(answer: Answer, m: Markup) -> str:
    return f"Solo puedes consultar las cifras de tu unidad: {m.bold(answer.unit or '')}."
