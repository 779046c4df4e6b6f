"""Whatever is typed, understanding never fails: always a Query, with names from the plan only."""

from __future__ import annotations

from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.query import ActivityRef, Candidate, Catalog, Intent, Query
from bot.understanding.understand import MAX_CANDIDATES, MAX_SUGGESTIONS, Understanding
from tests.seed_catalog import seed_catalog

FRAGMENTS = [
    "'; DROP TABLE units; --",
    "1 OR 1=1",
    "SELECT * FROM activity WHERE unit = 'x'",
    "<script>alert('x')</script>",
    "<b>negrita</b>",
    "&amp; &lt;",
    "**rezagadas**",
    "_TI_",
    "`código`",
    "[enlace](http://example.com)",
    "# título",
    "> cita",
    "\\",
    "%s %d {0}",
    "\x00\x1f\x7f",
    "\u200b\u200d\ufeff",
    "😀👍🏽🇵🇪",
    "ﬁnanzas",
    "İstanbul",
    "ß",
    "١٢٣",
    "数据",
    "¿cómo va finanzas?",
    "rezagadas de RRHH",
    "al II trimestre",
    "a junio",
    "en agosto",
    "administración",
    "cobranza pre coactiva tributaria",
    "gastos en servicios generales",
    "T2",
    "este trimestre",
    "ayuda",
    "resumen",
]

noisy_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=12).map(" ".join)


@cache
def understanding() -> Understanding:
    return Understanding(seed_catalog())


def _check(query: Query, catalog: Catalog, text: str) -> None:
    assert isinstance(query, Query)
    assert query.intent in set(Intent)
    assert query.text == text
    assert query.unit is None or query.unit in catalog.units
    assert query.activity is None or query.activity in catalog.activities
    assert len(query.candidates) <= MAX_CANDIDATES
    for candidate in query.candidates:
        assert candidate.unit in catalog.units
    if query.candidates:
        assert query.unit is None
        assert query.activity is None
    assert len(query.suggestions) <= MAX_SUGGESTIONS
    assert set(query.suggestions) <= set(catalog.units)


@given(st.text())
def test_any_unicode_text(text: str) -> None:
    _check(understanding().understand(text), seed_catalog(), text)


@given(noisy_text)
def test_sql_html_markdown_and_emoji_among_real_questions(text: str) -> None:
    _check(understanding().understand(text), seed_catalog(), text)


@settings(max_examples=20, deadline=None)
@given(st.text(min_size=1, max_size=50), st.integers(min_value=9_000, max_value=12_000))
def test_very_long_text(piece: str, size: int) -> None:
    text = (piece * (size // len(piece) + 1))[:size]
    _check(understanding().understand(text), seed_catalog(), text)


def test_ten_thousand_characters_of_real_words() -> None:
    text = ("finanzas rezagadas al II trimestre 😀 " * 400)[:10_000]
    query = understanding().understand(text)
    _check(query, seed_catalog(), text)


@given(st.sampled_from(["", " ", "\n\t", "¿?", "😀", "\x00"]))
def test_empty_text_is_unknown(text: str) -> None:
    assert understanding().understand(text).intent is Intent.UNKNOWN


names = st.text(min_size=0, max_size=40)


small = st.integers(min_value=0, max_value=8)
alias_targets = st.tuples(small, st.none() | small)
"""An alias names a unit (by index) or, when the second index is set, an activity."""


@settings(max_examples=50, deadline=None)
@given(
    st.lists(names, max_size=6),
    st.lists(names, max_size=8),
    st.integers(min_value=-5, max_value=20),
    st.dictionaries(st.text(max_size=15), alias_targets, max_size=4),
    noisy_text,
)
def test_any_plan_any_question(
    units: list[str],
    activity_names: list[str],
    cutoff: int,
    targets: dict[str, tuple[int, int | None]],
    text: str,
) -> None:
    unit_names = tuple(dict.fromkeys(units)) or ("UNIDAD",)
    refs = tuple(ActivityRef(unit_names[i % len(unit_names)], name) for i, name in enumerate(activity_names))
    aliases: dict[str, Candidate] = {}
    for alias, (unit, activity) in targets.items():
        if activity is not None and refs:
            ref = refs[activity % len(refs)]
            aliases[alias] = Candidate(ref.unit, ref.activity)
        else:
            aliases[alias] = Candidate(unit_names[unit % len(unit_names)])
    catalog = Catalog(unit_names, refs, cutoff, aliases)
    _check(Understanding(catalog).understand(text), catalog, text)
