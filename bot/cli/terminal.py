"""The terminal surfaces: `poi-bot ask` (one question, or one per line) and `poi-bot chat`."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from bot.render.answer_json import answer_json
from bot.render.answer_text import render_text
from bot.services.questions import NO_PLAN_TEXT, NoPlanError, PoiService

GREETING = (
    "poi-bot en la terminal: escribe tu pregunta (por ejemplo «¿cómo va finanzas?») y pulsa Enter.\n"
    "Termina con Ctrl+D."
)


def answer_line(service: PoiService, question: str, *, as_json: bool) -> str:
    """The reply to one question, as plain text or as one JSON object on one line."""
    try:
        reply = service.ask(question)
    except NoPlanError:
        if as_json:
            return json.dumps({"error": "no_plan", "text": NO_PLAN_TEXT}, ensure_ascii=False)
        return NO_PLAN_TEXT
    if as_json:
        return json.dumps(answer_json(reply), ensure_ascii=False)
    return render_text(reply)


def ask_many(service: PoiService, lines: Iterable[str], out: TextIO, *, as_json: bool) -> int:
    """Answers each non-blank line; returns how many questions were answered."""
    count = 0
    for line in lines:
        question = line.strip()
        if not question:
            continue
        if count and not as_json:
            out.write("\n")
        out.write(answer_line(service, question, as_json=as_json) + "\n")
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
        out.write(answer_line(service, question, as_json=False) + "\n")
        out.flush()
    if interactive:
        out.write("\n¡Hasta luego!\n")
