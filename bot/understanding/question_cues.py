"""The words that say what a question asks for (lagging, progress, summary, help), not about what.

Cue words are matched on normalised words (see :mod:`bot.domain.text`); cue phrases on their stems. A cue
word can also sit inside an activity's name ("INFRAESTRUCTURA TECNOLÓGICA CRÍTICA", "ESTADOS
FINANCIEROS"): the understanding then lets the name win.
"""

from __future__ import annotations

from enum import StrEnum

from bot.domain.figures import Status
from bot.domain.text import stem


class Cue(StrEnum):
    LAGGING = "lagging"
    PROGRESS = "progress"
    SUMMARY = "summary"
    HELP = "help"


def _forms(stems: str) -> list[str]:
    """Every gender and number of each stem: "rezagad" -> rezagada, rezagadas, rezagado, rezagados."""
    return [stem_ + end for stem_ in stems.split() for end in ("a", "as", "o", "os")]


def _cue_of(cue: Cue, words: str) -> dict[str, Cue]:
    return dict.fromkeys(words.split(), cue)


_LAGGING = " ".join(
    (
        *_forms("rezagad atrasad retrasad demorad incumplid amarill rezag atras retras critic"),
        "rojo roja rojos rojas ambar ambares naranja naranjas",
        "pendiente pendientes incumplimiento incumplimientos alerta alertas",
        "debajo bajo brecha brechas desfase desfases peor peores falta faltan faltantes lagging",
        *_forms("estancad paralizad flojit"),
        "incumplieron incumplio incumplen incumple fallaron fallan fallando fallidas fallidos floja flojas",
        "flojos deficiente deficientes insuficiente insuficientes atraso atrasos retraso retrasos demora",
        "demoras rezago rezagos morosas",
    )
)
_PROGRESS = """
    avance avances avanza avanzan avanzamos avanzado progreso progresos cumplimiento ejecucion
    ejecutado ejecutada ejecutados estado situacion porcentaje va van vamos anda andan andamos
    marcha semaforo desempeno indicador indicadores logro logros cumple cumplen cumplido verde verdes
"""
_SUMMARY = """
    resumen poi plan institucion entidad general global consolidado total ranking sat panorama
    unidades gerencias oficinas instituciones
"""
_HELP = """
    ayuda ayudame help hola holi buenas buenos saludos start menu comandos opciones instrucciones
    gracias inicio empezar dias tardes noches
"""

CUE_WORDS: dict[str, Cue] = {
    **_cue_of(Cue.HELP, _HELP),
    **_cue_of(Cue.SUMMARY, _SUMMARY),
    **_cue_of(Cue.PROGRESS, _PROGRESS),
    **_cue_of(Cue.LAGGING, _LAGGING),
}
"""Normalised word -> what it asks for (a later list wins: "bajo" is lagging, not help)."""

_PHRASES: dict[Cue, tuple[str, ...]] = {
    Cue.LAGGING: (
        "no cumplen",
        "no cumplidas",
        "no cumple",
        "no ejecutadas",
        "no avanzan",
        "no llegan",
        "sin ejecutar",
        "sin avance",
        "por debajo",
        "menor avance",
        "bajo avance",
        "en riesgo",
        # The many ways of saying a target was not met (collected widely, not tuned to a few).
        "no llegaron",
        "no llego",
        "no llegan a la meta",
        "no alcanzaron",
        "no alcanzan",
        "no alcanzo",
        "no lograron",
        "no logran",
        "no logro",
        "no cumplieron",
        "no cumplio",
        "no se cumplio",
        "no se cumplieron",
        "no se cumple",
        "no estan cumpliendo",
        "no se ejecuto",
        "no se ejecutaron",
        "no ejecutaron",
        "no ejecuto",
        "no avanzaron",
        "no van bien",
        "no estan al dia",
        "menos de lo programado",
        "menos de lo previsto",
        "menos de lo planificado",
        "menos de lo planeado",
        "debajo de lo programado",
        "debajo de lo previsto",
        "debajo de la meta",
        "quedaron cortas",
        "quedaron cortos",
        "fuera de meta",
        "van mal",
        "va mal",
        "estan mal",
        "andan mal",
        "van lento",
        "van lentas",
        "baja ejecucion",
        "poca ejecucion",
        "poco avance",
        "sin cumplir",
        "sin lograr",
        "faltan ejecutar",
    ),
    Cue.SUMMARY: (
        "avance institucional",
        "avance general",
        "resumen institucional",
        "estado institucional",
        "ejecucion institucional",
        "cumplimiento institucional",
        "nivel institucional",
        "a nivel institucional",
        "plan operativo",
        "plan operativo institucional",
        "como vamos",
        "como estamos",
        "todas las unidades",
        "todas las gerencias",
        "todas las oficinas",
        "todas las areas",
        "todas las dependencias",
    ),
    Cue.HELP: (
        "que puedes hacer",
        "que sabes hacer",
        "que haces",
        "como funciona",
        "como te uso",
        "como se usa",
        "quien eres",
        "que eres",
        "que puedo preguntar",
        "que preguntas",
    ),
}

CUE_PHRASES: dict[tuple[str, ...], Cue] = {
    tuple(stem(word) for word in phrase.split()): cue
    for cue, phrases in _PHRASES.items()
    for phrase in phrases
}
"""Stemmed words -> what they ask for; longer than one word."""

_GENERIC = "actividad actividades gerencia oficina unidad area organo central sat institucion entidad dar no"
GENERIC_STEMS = frozenset(stem(word) for word in f"{_GENERIC} subgerencia division".split())
"""Stems that sit in names but name nothing on their own ("las actividades de la gerencia...")."""

STATUS_WORDS: dict[str, Status] = {
    **dict.fromkeys(("verde", "verdes"), Status.VERDE),
    **dict.fromkeys((*_forms("amarill"), "ambar", "ambares", "naranja", "naranjas"), Status.AMBAR),
    **dict.fromkeys(("rojo", "roja", "rojos", "rojas"), Status.ROJO),
}
"""Colours of the status bands: "en ámbar o rojo" keeps only the activities in those bands.

Never a name, even where a plan's name holds one, unless that whole name is said outright."""
BANDS = frozenset((Status.VERDE, Status.AMBAR, Status.ROJO))
NEGATIONS = frozenset(("no",))
NEGATED_LINKS = frozenset(("en", "esta", "estan", "este", "esten", "es", "son", "estamos", "estoy"))
"""A "no" before a colour, with only these words between, asks for the other bands: "las que no
están en verde" are the ámbar and rojo ones; "las que no cumplen, en rojo" are the red ones."""

OWN_POSSESSIVES = frozenset(("mi", "mis", "nuestra", "nuestro", "nuestras", "nuestros"))
OWN_UNIT_NOUNS = frozenset(
    ("unidad", "area", "gerencia", "subgerencia", "oficina", "division", "dependencia", "equipo")
)
OWN_PLURAL_NOUNS = frozenset(("actividades", "metas", "indicadores", "tareas"))
OWN_TRAILERS = frozenset(("organica", "organico"))
"""The asker's own unit: "mi unidad", "mi área (orgánica)", "nuestra gerencia", "mis actividades"."""

INSTITUTION_WORDS = frozenset(
    ("institucion", "entidad", "poi", "plan", "sat", "general", "global", "consolidado", "instituciones")
)
"""Words that ask about the whole institution, not the asker's unit ("rezagadas del POI")."""
INSTITUTION_PHRASES = frozenset(
    phrase for phrase, cue in CUE_PHRASES.items() if cue is Cue.SUMMARY and phrase[0] != "como"
)
"""Stemmed cue phrases that ask about the whole institution: "todas las unidades", "avance general"
("toda la entidad", "todo el POI" are told by their words)."""
