"""What the bot counts about itself, for `/metrics` (Prometheus) and the per-update log line.

The counters live in prometheus_client's default registry (one per process, like the bot's rate
limits), so any layer records with one call and `poi-bot serve` exposes them with the process's own
CPU and memory figures. Each update being handled has an `UpdateTrace` in a context variable; the
question engine's callers note the intent there (`question_answered`) and the update processor
(`bot.services.update_trace`) times the update and writes the log line when it is done.
"""

from __future__ import annotations

import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Protocol

from prometheus_client import Counter, Histogram

QUESTIONS = Counter("poi_bot_questions", "Questions answered, by what was understood", ["intent"])
ANSWER_SECONDS = Histogram(
    "poi_bot_answer_seconds",
    "Time from taking an update that asked a question to the reply sent",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
UPDATES = Counter("poi_bot_updates", "Telegram updates handled")
PUSHES = Counter("poi_bot_pushes", "Scheduled messages per recipient chat, by push kind", ["kind", "outcome"])
IMPORTS = Counter("poi_bot_imports", "Data files sent to be imported, by outcome", ["outcome"])


class BroadcastFigures(Protocol):
    """What a broadcast reports (bot.pushes.broadcast.summary.BroadcastSummary)."""

    kind: str
    sent: int
    failed: int
    uncertain: int


@dataclass
class UpdateTrace:
    """One update being handled: who it came from, when it started, what it asked."""

    update_id: int | None
    chat_id: int | None
    started: float = field(default_factory=time.perf_counter)
    intent: str | None = None

    def seconds(self) -> float:
        return time.perf_counter() - self.started


CURRENT_UPDATE: ContextVar[UpdateTrace | None] = ContextVar("poi_bot_current_update", default=None)


def question_answered(intent: str) -> None:
    """Counts a question by its intent and notes the intent on the update being handled."""
    QUESTIONS.labels(intent=intent).inc()
    trace = CURRENT_UPDATE.get()
    if trace is not None:
        trace.intent = intent


def update_handled(trace: UpdateTrace, seconds: float) -> None:
    """Counts a handled update; one that answered a question adds its time to the histogram."""
    UPDATES.inc()
    if trace.intent is not None:
        ANSWER_SECONDS.observe(seconds)


def broadcast_done(summary: BroadcastFigures) -> None:
    """Counts a broadcast's deliveries: sent, and failed (given up, or uncertain after a crash)."""
    PUSHES.labels(kind=summary.kind, outcome="sent").inc(summary.sent)
    PUSHES.labels(kind=summary.kind, outcome="failed").inc(summary.failed + summary.uncertain)


def import_done(outcome: str) -> None:
    """Counts an uploaded file: `imported`, `already_imported` or `refused`."""
    IMPORTS.labels(outcome=outcome).inc()
