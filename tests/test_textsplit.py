"""Long messages are split at line boundaries and nothing is lost."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.render.textsplit import html_to_plain, split_text, telegram_length


def test_short_text_is_one_message() -> None:
    assert split_text("hola") == ["hola"]


def test_long_text_splits_at_lines_and_keeps_everything() -> None:
    lines = [f"{n}. ACTIVIDAD {'X' * 80}" for n in range(200)]
    text = "\n".join(lines)
    chunks = split_text(text)
    assert len(chunks) > 1
    assert all(len(chunk) <= 4096 for chunk in chunks)
    assert "\n".join(chunks) == text
    assert all(chunk.split("\n")[0] in lines for chunk in chunks)  # every chunk starts on a line


def test_a_line_longer_than_the_limit_is_cut_not_dropped() -> None:
    text = "a" * 9000
    chunks = split_text(text)
    assert [len(chunk) for chunk in chunks] == [4096, 4096, 808]
    assert "".join(chunks) == text


@given(st.text(min_size=1, max_size=3000), st.integers(min_value=10, max_value=500))
def test_chunks_respect_the_limit(text: str, limit: int) -> None:
    chunks = split_text(text, limit)
    assert all(1 <= len(chunk) <= limit for chunk in chunks)
    kept = "".join(chunks).replace("\n", "")
    assert set(kept) <= set(text)


def test_html_to_plain() -> None:
    assert html_to_plain("<b>A &amp; B</b> &lt;x&gt;") == "A & B <x>"


def test_emoji_count_twice_as_telegram_counts_them() -> None:
    text = "\n".join(["🟢 " + "x" * 40] * 200)
    chunks = split_text(text)
    assert all(telegram_length(chunk) <= 4096 for chunk in chunks)
    assert "\n".join(chunks) == text
    assert telegram_length("🟢") == 2
