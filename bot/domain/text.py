"""Spanish text as the bot compares it: normalised, tokenised, lightly stemmed, stopwords known.

Managers type on a phone, in a hurry: no accents, odd capitals, emoji, "RR.HH.", "¿y TI?". Every
name and every question goes through :func:`normalize` so both sides compare equal; admin aliases are
stored in that form too.
"""

from __future__ import annotations

import re
import unicodedata

_COMBINING = re.compile(r"[\u0300-\u036f]+")
_NOT_WORD = re.compile(r"[^a-z0-9]+")

# Plural "-es" follows these consonants in Spanish: servidores, bienes, actividades, fiscales.
_ES_PLURAL_AFTER = frozenset("rlndjy")
_VOWELS = frozenset("aeiou")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _words(
    """
    a al ante con contra de del desde e el en entre hacia la las le les lo los o para pero por
    segun sin so sobre su sus tras u un una unas uno unos y ya mi mis tu tus me te se nos nuestro
    nuestra nuestros nuestras este esta estos estas ese esa esos esas eso esto aquel aquella
    que quien quienes cual cuales cuanto cuanta cuantos cuantas como cuando donde porque pues
    dame dime da danos muestrame muestranos mostrar mostrame ver veamos quiero quisiera queria
    necesito necesitamos saber conocer revisar consultar puedes podrias puede pueden
    es son fue era ser sera hay tiene tienen tenemos tengo hace hacen hizo estan estamos estoy
    estara sea favor porfa plis please pls oye hey bot ok okey vale bueno bien entonces
    tambien ademas solo solamente nomas mas menos muy algo alguna alguno algunas algunos
    todo toda todos todas cada otro otra otros otras mismo misma asi aun aqui alli ahi ahora hoy
    fecha corte actual mes meses periodo nivel respecto acerca tal tan mayor menor mejor junto
    meta metas objetivo
    """
)
"""Function words and question forms that never name anything ("¿cómo va...?", "dame...")."""

# Nouns that introduce a question ("dame los datos de...", "el reporte de...") and name nothing there.
_LEAD_NOUNS = _words("datos dato informacion info detalle detalles reporte informe cifras numeros resultados")
_LEAD_LINKS = frozenset(("de", "del", "sobre", "para"))


def normalize(text: str) -> str:
    """Lowercase ASCII words separated by single spaces: accents, punctuation and emoji dropped."""
    decomposed = unicodedata.normalize("NFKD", text).lower()
    plain = _COMBINING.sub("", decomposed)
    return _NOT_WORD.sub(" ", plain).strip()


def tokenize(text: str) -> list[str]:
    """The normalised words of a text, in order."""
    return normalize(text).split()


def stem(word: str) -> str:
    """A light Spanish singular: "servidores" -> "servidor", "tributarias" -> "tributaria".

    Only plurals are folded (both sides of a comparison go through it, so consistency is what
    matters); short words are left alone, and a number loses its leading zeros ("UGEL 03" is "ugel 3").
    """
    if word.isdigit():
        return word.lstrip("0") or "0"
    if len(word) <= 4 or not word.isalpha():
        return word
    if word.endswith("es") and word[-3] in _ES_PLURAL_AFTER and len(word) > 5:
        return word[:-2]
    if word.endswith("s") and word[-2] in _VOWELS:
        return word[:-1]
    return word


def content_words(text: str) -> list[str]:
    """The stemmed words of a text that can name something (stopwords left out)."""
    return [stem(word) for word in tokenize(text) if word not in STOPWORDS]


def strip_question_form(tokens: list[str]) -> list[str]:
    """Drops a leading "dame los datos de" / "el reporte del": the noun there names nothing.

    Only the lead noun is dropped, and only when nothing but stopwords precedes it and a link word
    ("de", "del", "sobre") follows it; "calidad de datos" keeps its "datos".
    """
    for index, word in enumerate(tokens):
        if word in STOPWORDS:
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if word in _LEAD_NOUNS and following in _LEAD_LINKS:
            return tokens[:index] + tokens[index + 1 :]
        return tokens
    return tokens
