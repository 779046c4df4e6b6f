"""Telegram HTML markup of data strings: the one escape every layer uses.

Telegram's HTML parse mode needs only ``<``, ``>`` and ``&`` escaped in text; quotes are left as they
are, so names read the same in the message and in its plain-text fallback.
"""

from __future__ import annotations

import html
import unicodedata


def html_escape(text: str) -> str:
    """A data string (a name, a unit, a label) made safe to put in a Telegram HTML message."""
    return html.escape(text, quote=False)


_ZERO_WIDTH_JOINER = "\u200d"  # joins emoji sequences (👩‍💻): harmless, kept
_BREAKS = frozenset(("Cc", "Zl", "Zp"))  # control characters and line breaks: become a space
_INVISIBLE = frozenset(("Cf", "Co", "Cs", "Cn"))  # format (bidi), private-use, surrogate, unassigned


def person_name(text: str) -> str:
    """A name someone chose (Telegram name, username), made safe to show to admins as plain text.

    Bidi controls (U+202E RIGHT-TO-LEFT OVERRIDE and kin) could make "Ana" read as another name or
    reorder the rest of the line; other invisible characters could hide text. They are dropped,
    control characters and line breaks become one space, and runs of spaces one.
    """
    kept: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if category in _BREAKS:
            kept.append(" ")
        elif category not in _INVISIBLE or char == _ZERO_WIDTH_JOINER:
            kept.append(char)
    return " ".join("".join(kept).split())
