"""Telegram HTML markup of data strings: the one escape every layer uses.

Telegram's HTML parse mode needs only ``<``, ``>`` and ``&`` escaped in text; quotes are left as they
are, so names read the same in the message and in its plain-text fallback.
"""

from __future__ import annotations

import html


def html_escape(text: str) -> str:
    """A data string (a name, a unit, a label) made safe to put in a Telegram HTML message."""
    return html.escape(text, quote=False)
