"""Splitting long messages at line boundaries, and HTML to plain text for the fallback."""

from __future__ import annotations

import html
import re

from bot.domain.limits import MAX_MESSAGE_LENGTH

_TAG = re.compile(r"<[^>]+>")


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def _cut(line: str, limit: int) -> tuple[str, str]:
    """The longest head of a line within ``limit`` UTF-16 units, and the rest."""
    end = min(len(line), limit)
    while telegram_length(line[:end]) > limit:
        end -= 1
    return line[:end], line[end:]


def split_text(text: str, limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """Splits text into chunks of at most ``limit`` (as Telegram counts), at line boundaries when possible.

    Nothing is dropped: joining the chunks with newlines gives the text back (a single line longer
    than the limit is cut inside the line). Lines of our HTML replies are self-contained, so a
    split at a line boundary never breaks a tag.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    if telegram_length(text) <= limit:
        return [text] if text else []
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while telegram_length(line) > limit:
            if current:
                chunks.append(current)
                current = ""
            head, line = _cut(line, limit)
            chunks.append(head)
        candidate = f"{current}\n{line}" if current else line
        if current and telegram_length(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current:
        chunks.append(current)
    return [chunk for chunk in chunks if chunk.strip()] or [_cut(text, limit)[0]]


def html_to_plain(text: str) -> str:
    """Telegram HTML as plain text: tags removed, entities unescaped."""
    return html.unescape(_TAG.sub("", text))
