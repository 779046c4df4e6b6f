"""The names a unit goes by: its key words, its full and short names, acronyms and common nicknames.

All derived from the plan's own unit names, so another entity's plan gets its own: "GERENCIA DE
RECURSOS HUMANOS" answers to "recursos humanos", "RRHH", "GRH" and "humanos"; "ORGANO DE CONTROL
INSTITUCIONAL" to "OCI" and "control institucional". A nickname only applies when a unit's name
holds one of its fragments, and a name that fits several units maps to all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.domain.text import STOPWORDS, stem, tokenize

GENERIC_UNIT_WORDS = frozenset(
    ("gerencia", "oficina", "central", "organo", "sat", "unidad", "area", "subgerencia", "division")
)
"""Words of unit names that tell no unit apart ("GERENCIA DE...", "... SAT")."""

_TI = (
    "informatica",
    "tecnologias de la informacion",
    "tecnologia de la informacion",
    "tecnologias de informacion",
    "tecnologia de informacion",
)
_LEGAL = ("asuntos juridicos", "asesoria juridica", "asesoria legal")
_CITIZEN_SERVICE = ("servicios al administrado", "atencion al ciudadano", "servicio al ciudadano")

SHORT_NAMES: dict[str, tuple[str, ...]] = {
    "rrhh": ("recursos humanos",),
    "rr hh": ("recursos humanos",),
    "rh": ("recursos humanos",),
    "personal": ("recursos humanos", "personal"),
    "ti": _TI,
    "tic": _TI,
    "tics": _TI,
    "oci": ("organo de control institucional", "control institucional"),
    "legal": _LEGAL,
    "juridica": _LEGAL,
    "asesoria legal": _LEGAL,
    "asesoria juridica": _LEGAL,
    "jefe": ("jefatura",),
    "jefa": ("jefatura",),
    "alta direccion": ("jefatura", "alta direccion"),
    "planeamiento": ("planificacion", "planeamiento"),
    "prensa": ("imagen institucional", "comunicaciones"),
    "cobranza coactiva": ("ejecucion coactiva",),
    "ejecutoria": ("ejecucion coactiva", "ejecutoria coactiva"),
    "ejecutoria coactiva": ("ejecucion coactiva", "ejecutoria coactiva"),
    "atencion al ciudadano": _CITIZEN_SERVICE,
    "atencion al contribuyente": _CITIZEN_SERVICE,
    "servicio al ciudadano": _CITIZEN_SERVICE,
    "servicios al ciudadano": _CITIZEN_SERVICE,
    "defensor": ("defensoria",),
    "defensor del contribuyente": ("defensoria",),
}
"""Nicknames everyone uses -> fragments of the unit names they stand for (normalised)."""

Phrase = tuple[str, ...]


def _stems(text: str) -> Phrase:
    return tuple(stem(word) for word in tokenize(text))


def unit_keys(name: str) -> frozenset[str]:
    """The stems that tell a unit apart: its name less stopwords and generic words."""
    return frozenset(
        stem(word) for word in tokenize(name) if word not in STOPWORDS and word not in GENERIC_UNIT_WORDS
    )


def core_phrase(name: str) -> Phrase:
    """The name without its leading and trailing generic words: "recurso humano", "control institucional"."""
    words = tokenize(name)
    while words and (words[0] in GENERIC_UNIT_WORDS or words[0] in STOPWORDS):
        words.pop(0)
    while words and (words[-1] in GENERIC_UNIT_WORDS or words[-1] in STOPWORDS):
        words.pop()
    return tuple(stem(word) for word in words)


def acronym(name: str) -> str:
    """Initials of the name's words, stopwords left out: "ORGANO DE CONTROL INSTITUCIONAL" -> "oci"."""
    return "".join(word[0] for word in tokenize(name) if word not in STOPWORDS and word.isalpha())


def unit_phrases(units: Sequence[str], taken: Iterable[str] = ()) -> dict[Phrase, frozenset[int]]:
    """Every multi-word or explicit name of the units -> the indexes of the units it fits.

    Full names, core phrases of two words or more, acronyms of three letters or more (unless the
    acronym is a word in ``taken``), and the :data:`SHORT_NAMES` whose fragments a unit name holds.
    """
    taken_words = set(taken) | STOPWORDS
    table: dict[Phrase, set[int]] = {}
    full_names = [_stems(name) for name in units]
    for index, name in enumerate(units):
        core = core_phrase(name)
        names = [full_names[index]]
        if sum(1 for word in core if word not in STOPWORDS) >= 2:
            names.append(core)
        initials = acronym(name)
        if len(initials) >= 3 and initials not in taken_words:
            names.append((initials,))
        for phrase in names:
            if phrase:
                table.setdefault(phrase, set()).add(index)
    spelled = [f" {' '.join(words)} " for words in full_names]  # substring search, word bounded
    for short, fragments in SHORT_NAMES.items():
        wanted = [f" {' '.join(_stems(fragment))} " for fragment in fragments]
        fits = {i for i, words in enumerate(spelled) if any(fragment in words for fragment in wanted)}
        if fits:
            table.setdefault(_stems(short), set()).update(fits)
    return {phrase: frozenset(indexes) for phrase, indexes in table.items()}
