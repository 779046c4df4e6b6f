"""Splitting long messages at line boundaries, and HTML to plain text for the fallback."""

from __future__ import annotations

import html
import re

TELEGRAM_LIMIT = 4096
_TAG = re.compile(r"<[^>]+>")


def split_text(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Splits text into chunks of at most ``limit`` characters, at line boundaries when possible.

    Nothing is dropped: joining the chunks with newlines gives the text back (a single line longer
    than the limit is cut inside the line). Lines of our HTML replies are self-contained, so a
    split at a line boundary never breaks a tag.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    if len(text) <= limit:
        return [text] if text else []
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if current and len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current:
        chunks.append(current)
    return [chunk for chunk in chunks if chunk.strip()] or [text[:limit]]


def html_to_plain(text: str) -> str:
    """Telegram HTML as plain text: tags removed, entities unescaped."""
    return html.unescape(_TAG.sub("", text))
