"""The words of meeting questions: rankings, comparisons, lists, counts, values, projections, courtesy.

Matched on normalised words (see :mod:`bot.domain.text`), before typos are corrected: "proyección"
must not become a plan word it resembles. Collected widely, as managers say them in Peru and
elsewhere: "la más atrasada", "quién va mejor", "OCI frente a TI", "¿cuántas tiene?", "¿cerraremos
el año en meta?", "gracias".
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _forms(stems: str) -> frozenset[str]:
    """Every gender and number of each stem: "atrasad" -> atrasada, atrasadas, atrasado, atrasados."""
    return frozenset(stem + end for stem in stems.split() for end in ("a", "as", "o", "os"))


MORE = _words("mas")
LESS = _words("menos menor menores")
GREATER = _words("mayor mayores")
WORST_AFTER_MORE = _forms(
    "atrasad rezagad retrasad demorad baj lent critic floj incumplid retrasad"
) | _words("atraso atrasos retraso retrasos rezago rezagos brecha brechas deficientes deficiente")
"""After "más": the weakest ("la más atrasada", "las más bajas")."""
BEST_AFTER_MORE = _forms("avanzad adelantad alt ejecutad cumplid destacad") | _words(
    "avance avances ejecucion cumplimiento progreso porcentaje eficientes eficiente"
)
"""After "más" or "mayor": the strongest ("con más avance", "mayor ejecución")."""
PROGRESS_NOUNS = _words("avance avances ejecucion cumplimiento progreso porcentaje logro logros")
"""After "menos" / "menor": the weakest ("con menos avance", "menor ejecución")."""
WORST_WORDS = _words("peor peores bottom colista colistas")
BEST_WORDS = _words("mejor mejores top lider lideres lidera lideran punteros puntero primeros")
LAST_WORDS = _words("ultimo ultima ultimos ultimas")
PLACE_WORDS = _words("lugar lugares puesto puestos posicion posiciones")
UNIT_NOUNS = _words(
    """unidad unidades gerencia gerencias oficina oficinas area areas dependencia dependencias
    organo organos subgerencia subgerencias division divisiones quien quienes jefatura jefaturas"""
)
ACTIVITY_NOUNS = _words("actividad actividades tarea tareas")
NUMBER_WORDS = {
    **dict.fromkeys(("dos",), 2),
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "ocho": 8,
    "nueve": 9,
    "diez": 10,
}
NOT_A_COUNT_BEFORE = _words("trimestre trim mes semestre t q")
"""A number after these is a period ("trimestre 2", "mes 5"), not how many to rank."""
MAX_LIMIT = 30

COMPARE_WORDS = _words(
    """frente vs versus contra compara comparar comparame comparamos comparacion comparaciones
    comparativo comparativa compare comparen comparado cotejo cotejar diferencia diferencias"""
)
SEPARATORS = _words("y e , vs versus contra frente con entre")
"""Where one compared name ends and the next begins: "OCI y TI", "OCI frente a TI", "OCI, TI"."""

COUNT_WORDS = _words("cuantas cuantos numero cantidad conteo contar cuenta")
VALUE_WORDS = _words("cuanto cuanta cuantos cuantas valor cifra cantidad monto")
LIST_WORDS = _words("actividades lista listado listar listame enumera enumerar relacion detalle cuales")
PROGRESS_CUES = _words(
    """avance avances avanza avanzan va van vamos anda andan estado situacion porcentaje como progreso
    cumplimiento marcha semaforo desempeno"""
)
"""A list question asks for the activities, not for a unit's progress card: none of these."""

PROJECTION_WORDS = _words(
    """proyeccion proyecciones proyectado proyectada proyectados proyectadas proyectar proyecta
    proyectamos proyectaria proyectan proyectado cerraremos cerrariamos cerrara cerraria cerraran
    cerrarian cerrare cerrariamos terminaremos terminara terminaria terminaran terminarian
    acabaremos acabara acabaria llegaremos llegara llegaria llegaran llegarian alcanzaremos
    alcanzara alcanzaria alcanzaran alcanzarian cumpliremos cumplira cumpliria cumpliran cumplirian
    lograremos lograra lograria lograran estimacion estimaciones estimado estimada pronostico
    pronosticos prevision previsiones tendencia riesgo riesgos"""
)
PROJECTION_PHRASES = (
    ("al", "ritmo"),
    ("a", "este", "ritmo"),
    ("a", "este", "paso"),
    ("al", "paso", "actual"),
    ("vamos", "a", "cumplir"),
    ("vamos", "a", "llegar"),
    ("vamos", "a", "alcanzar"),
    ("van", "a", "cumplir"),
    ("van", "a", "llegar"),
    ("va", "a", "cumplir"),
    ("va", "a", "llegar"),
    ("va", "a", "cerrar"),
    ("van", "a", "cerrar"),
    ("vamos", "a", "cerrar"),
    ("como", "cerrara"),
    ("fin", "de", "ano"),
    ("fin", "del", "ano"),
    ("final", "del", "ano"),
    ("cierre", "del", "ano"),
    ("cierre", "de", "ano"),
)
"""Ways of asking where the year will end, said in several words."""

COURTESY_CORE = _words(
    """gracias grax graciass graciaas thanks thank thx agradezco agradecido agradecida agradecidos
    genial perfecto perfecta excelente listo lista chevere bacan buenisimo buenisima entendido
    entendida ok okey okay oka vale dale fenomenal estupendo magnifico super amable"""
)
COURTESY_ALL = COURTESY_CORE | _words(
    """muchas muchisimas mil muy bien bueno buena de nada por todo la info informacion te le les lo
    eso esto era justo que necesitaba queria y a ti usted you so much pues ya bot"""
)
"""A message of only these words (with at least one of the core ones) is a thank-you."""

HELP_WORDS = _words(
    """perdido perdida perdidos confundido confundida confundidos ayudar ayudarme ayudas ayudenme
    auxilio socorro ejemplo ejemplos guia tutorial manual funciones instrucciones sirves"""
)
HELP_PHRASES = (
    ("no", "entiendo"),
    ("no", "se", "como"),
    ("no", "se", "que"),
    ("me", "perdi"),
    ("como", "pregunto"),
    ("como", "te", "pregunto"),
    ("como", "consulto"),
    ("que", "consulto"),
    ("que", "puedo", "consultar"),
    ("que", "puedo", "hacer"),
    ("que", "te", "puedo", "preguntar"),
    ("que", "informacion", "tienes"),
    ("que", "datos", "tienes"),
    ("que", "sabes"),
    ("para", "que", "sirves"),
    ("para", "que", "sirve"),
    ("que", "hago"),
    ("como", "empiezo"),
    ("como", "uso"),
    ("como", "se", "usa", "esto"),
)
"""Ways of saying "what can you do" or "I am lost"."""


PROJECTION_FILLERS = (("con", "datos"), ("con", "cifras"), ("con", "lo", "ejecutado"))
"""Said with a projection, they name nothing: "proyección con datos a junio"."""
HELP_FILLERS = _words("tienes tenes hay usar uso esto eso bot poibot")


def phrase_positions(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> set[int]:
    """The positions of every occurrence of ``phrases`` in ``words``."""
    found: set[int] = set()
    for start in range(len(words)):
        for phrase in phrases:
            end = start + len(phrase)
            if tuple(words[start:end]) == phrase:
                found.update(range(start, end))
    return found
