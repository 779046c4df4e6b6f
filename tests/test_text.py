"""Normalising, tokenising and stemming Spanish text, and the question forms that name nothing."""

from __future__ import annotations

import pytest

from bot.domain.text import STOPWORDS, content_words, normalize, stem, strip_question_form, tokenize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("¿Cómo va FINANZAS?", "como va finanzas"),
        ("Órgano de Control Institucional", "organo de control institucional"),
        ("RR.HH.", "rr hh"),
        (
            "GASTOS EN SERVICIOS GENERALES (AGUA, LUZ, Y/O ALQUILERES)",
            "gastos en servicios generales agua luz y o alquileres",
        ),
        ("CAMPAÑA", "campana"),
        ("  muchos    espacios\t\ny saltos ", "muchos espacios y saltos"),
        ("finanzas😀👍🏽ti", "finanzas ti"),
        ("1º trimestre", "1o trimestre"),
        ("2° trimestre", "2 trimestre"),
        ("Ｆｉｎａｎｚａｓ", "finanzas"),
        ("ACCESO A LA INFORMACION. N° 27806", "acceso a la informacion n 27806"),
        ("<b>TI</b> **rezagadas** _ya_", "b ti b rezagadas ya"),
        ("'; DROP TABLE units; --", "drop table units"),
        ("", ""),
        ("¿¡!?…", ""),
        ("数据 финансы", ""),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_normalize_is_idempotent() -> None:
    once = normalize("¿Y la GERENCIA de Administración, señor?")
    assert normalize(once) == once == "y la gerencia de administracion senor"


def test_tokenize() -> None:
    assert tokenize("¿y la gerencia de finanzas?") == ["y", "la", "gerencia", "de", "finanzas"]
    assert tokenize("") == []


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("servidores", "servidor"),
        ("servidor", "servidor"),
        ("tributarias", "tributaria"),
        ("tributaria", "tributaria"),
        ("actividades", "actividad"),
        ("procesos", "proceso"),
        ("bienes", "bien"),
        ("impugnaciones", "impugnacion"),
        ("generales", "general"),
        ("finanzas", "finanza"),
        ("rrhh", "rrhh"),
        ("tics", "tics"),
        ("2019", "2019"),
        ("juridicos", "juridico"),
    ],
)
def test_stem_folds_plurals(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_content_words_drop_stopwords_and_stem() -> None:
    assert content_words("GESTIONAR LAS COMPENSACIONES DE LOS SERVIDORES") == [
        "gestionar",
        "compensacion",
        "servidor",
    ]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("dame los datos de finanzas", "dame los de finanzas"),
        ("el reporte del oci", "el del oci"),
        ("informacion sobre la escuela", "sobre la escuela"),
        ("calidad de datos", "calidad de datos"),
        ("datos juradas", "datos juradas"),
        ("dame finanzas", "dame finanzas"),
        ("", ""),
    ],
)
def test_strip_question_form(words: str, expected: str) -> None:
    assert strip_question_form(words.split()) == expected.split()


@pytest.mark.parametrize(
    "word", ["como", "que", "cual", "dame", "de", "la", "y", "hay", "quiero", "muestrame"]
)
def test_question_forms_are_stopwords(word: str) -> None:
    assert word in STOPWORDS


@pytest.mark.parametrize("word", ["no", "finanzas", "control", "servicios", "general", "informacion"])
def test_words_that_can_name_something_are_not_stopwords(word: str) -> None:
    assert word not in STOPWORDS
