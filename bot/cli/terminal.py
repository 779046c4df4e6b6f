"""The terminal surfaces: `poi-bot ask` (one question, or one per line) and `poi-bot chat`.

`ask` reads plain lines (each question on its own) or JSON lines ``{"chat": "...", "text": "..."}``:
questions of the same chat keep a conversation, so "¿y en mayo?" follows the question before it.
`chat` is one conversation.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from bot.render.answer_json import answer_json
from bot.render.answer_text import render_text
from bot.services.questions import NO_PLAN_TEXT, NoPlanError, PoiService

GREETING = (
    "poi-bot en la terminal: escribe tu pregunta (por ejemplo «¿cómo va finanzas?») y pulsa Enter.\n"
    "Termina con Ctrl+D."
)
TERMINAL_CHAT = "terminal"
BAD_LINE_TEXT = 'Cada línea JSON debe ser un objeto con "text" (texto) y, opcionalmente, "chat".'


def answer_line(service: PoiService, question: str, *, as_json: bool, chat: str | None = None) -> str:
    """The reply to one question, as plain text or as one JSON object on one line."""
    try:
        reply = service.ask(question, chat=chat)
    except NoPlanError:
        if as_json:
            return json.dumps({"error": "no_plan", "text": NO_PLAN_TEXT}, ensure_ascii=False)
        return NO_PLAN_TEXT
    if as_json:
        shown = answer_json(reply)
        if chat is not None:
            shown["chat"] = chat
        return json.dumps(shown, ensure_ascii=False)
    return render_text(reply)


def parse_line(line: str) -> tuple[str | None, str] | None:
    """A line's chat (None: no conversation) and question; None for a JSON line of the wrong shape."""
    if not line.startswith("{"):
        return None, line
    try:
        data: Any = json.loads(line)
    except json.JSONDecodeError:
        return None, line  # a question that happens to start with a brace
    text, chat = (data.get("text"), data.get("chat")) if isinstance(data, dict) else (None, None)
    if not isinstance(text, str) or not (chat is None or isinstance(chat, str | int)):
        return None
    return (None if chat is None else str(chat)), text


def ask_many(service: PoiService, lines: Iterable[str], out: TextIO, *, as_json: bool) -> int:
    """Answers each non-blank line; returns how many questions were answered."""
    count = 0
    for line in lines:
        parsed = parse_line(line.strip())
        if parsed is not None and not parsed[1].strip():
            continue
        if count and not as_json:
            out.write("\n")
        if parsed is None:
            error = {"error": "bad_line", "text": BAD_LINE_TEXT}
            out.write((json.dumps(error, ensure_ascii=False) if as_json else BAD_LINE_TEXT) + "\n")
        else:
            chat, question = parsed
            out.write(answer_line(service, question.strip(), as_json=as_json, chat=chat) + "\n")
        out.flush()
        count += 1
    return count


def chat(service: PoiService, stdin: TextIO, out: TextIO) -> None:
    """An interactive conversation at a terminal, until end of input."""
    interactive = stdin.isatty()
    out.write(GREETING + "\n")
    while True:
        if interactive:
            out.write("\n› ")
            out.flush()
        line = stdin.readline()
        if not line:
            break
        question = line.strip()
        if not question:
            continue
        if not interactive:
            out.write(f"\n› {question}\n")
        out.write(answer_line(service, question, as_json=False, chat=TERMINAL_CHAT) + "\n")
        out.flush()
    if interactive:
        out.write("\n¡Hasta luego!\n")
