"""The question engine every surface shares: understanding → answer, on the current plan.

It keeps the current plan's snapshot and the understanding built from it in memory, and reloads
them when another plan becomes current or an alias is added: at once when this process made the
change (`invalidate`), within FRESHNESS_SECONDS when another process did.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import Engine
from sqlmodel import Session

from bot.domain.answers import Answer, AnswerKind, answer
from bot.domain.figures import Bands
from bot.domain.query import Candidate, Query
from bot.domain.snapshot import PlanSnapshot
from bot.services.conversation import Conversations
from bot.understanding.understand import Understanding
from storage.queries import aliases, current_plan, load_snapshot

NO_PLAN_TEXT = (
    "Aún no hay un POI cargado. Un administrador puede cargar el reporte con /cargar "
    "o con «poi-bot import ARCHIVO»."
)


FRESHNESS_SECONDS = 2.0
WARM_BUDGET = 300_000
"""Activity-periods computed ahead in the background after a load (about 2 s of CPU: a plan of
10,000 activities gets all its common periods ready; a larger one computes each on first ask)."""
CONTEXT_SECONDS = 15 * 60.0
_NO_CONTEXT = frozenset((AnswerKind.CLARIFY, AnswerKind.NOT_ALLOWED, AnswerKind.UNKNOWN, AnswerKind.NO_DATA))

# Plans this big are frozen out of the collector's passes (a smaller one costs them little).
FREEZE_FROM = 5_000


def _yield() -> None:
    """Lets the threads answering questions run between chunks of background work (the GIL would
    otherwise hand them the interpreter only every 5 ms)."""
    time.sleep(0.002)


class NoPlanError(LookupError):
    """No plan has been imported yet."""


@dataclass(frozen=True)
class _Loaded:
    plan_id: int
    aliases: dict[str, Candidate]
    snapshot: PlanSnapshot
    understanding: Understanding


class PoiService:
    """Answers questions on the current plan; safe to share between handlers and jobs."""

    def __init__(
        self,
        engine: Engine,
        bands: Bands | None = None,
        *,
        context_seconds: float = CONTEXT_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine = engine
        self.bands = bands or Bands()
        self.conversations = Conversations(context_seconds, clock)
        self._loaded: _Loaded | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()
        self._warming: threading.Thread | None = None

    def invalidate(self) -> None:
        """Forgets the cached plan, so the next question reloads it."""
        with self._lock:
            self._loaded = None

    def refresh(self) -> None:
        """Makes the next question look at the store again (an alias changed): the plan is reloaded
        only if it is another one; new aliases rebuild just the vocabulary."""
        with self._lock:
            self._checked_at = 0.0

    def _load(self) -> _Loaded:
        loaded = self._loaded
        if loaded is not None and time.monotonic() - self._checked_at < FRESHNESS_SECONDS:
            return loaded
        with self._lock, Session(self.engine) as session:
            plan = current_plan(session=session)
            if plan is None or plan.id is None:
                raise NoPlanError(NO_PLAN_TEXT)
            known = aliases(session=session)
            loaded = self._loaded
            if loaded is not None and loaded.plan_id == plan.id and loaded.aliases != known:
                # An alias added or removed: the same plan and its figures, a new vocabulary.
                understanding = Understanding(loaded.snapshot.catalog(known))
                loaded = self._loaded = replace(loaded, aliases=known, understanding=understanding)
            elif loaded is None or loaded.plan_id != plan.id:
                loaded = self._loaded = self._load_plan(session, plan.id, known)
            self._checked_at = time.monotonic()
            return loaded

    def _load_plan(self, session: Session, plan_id: int, known: dict[str, Candidate]) -> _Loaded:
        """Loads a plan's snapshot and vocabulary (under the lock)."""
        snapshot = load_snapshot(session=session, plan_id=plan_id)
        understanding = Understanding(snapshot.catalog(known))
        loaded = _Loaded(plan_id, known, snapshot, understanding)
        # A big plan is millions of long-lived objects: the collector's full passes over them
        # stalled answers for 200 ms. They are kept out of its passes (freed as usual when
        # another plan replaces them, since a snapshot holds no reference cycles). What an
        # earlier load froze goes back to the collector first, so garbage frozen with it
        # (cycles that died since) is collected rather than kept for the life of the process.
        if len(snapshot.series) >= FREEZE_FROM:
            if gc.get_freeze_count():
                gc.unfreeze()
                gc.collect()
            gc.freeze()
        if len(snapshot.series) * len(snapshot.common_periods()) <= WARM_BUDGET:
            warm = threading.Thread(target=snapshot.warm, args=(self.bands, _yield), daemon=True)
            warm.start()
            self._warming = warm
        return loaded

    def preload(self) -> bool:
        """Loads the current plan before anyone asks (blocking: run it off the event loop); False when
        no plan is loaded yet. A big plan takes seconds to load; without this the first question after
        a start or an upload would wait for it, past the reply deadline."""
        try:
            self._load()
        except NoPlanError:
            return False
        return True

    def settle(self, timeout: float | None = None) -> bool:
        """Waits for the background computation of the common periods, if one runs; True when done."""
        warming = self._warming
        if warming is not None:
            warming.join(timeout)
        return warming is None or not warming.is_alive()

    def snapshot(self) -> PlanSnapshot:
        """The current plan's snapshot; raises NoPlanError when nothing was imported."""
        return self._load().snapshot

    def understand(self, text: str, *, chat: str | None = None) -> Query:
        """What a question asks, on the current plan; in a ``chat``, a follow-up inherits the rest."""
        query = self._load().understanding.understand(text)
        return query if chat is None else self.conversations.follow(chat, query)

    def ask(
        self,
        text: str,
        *,
        default_unit: str | None = None,
        allowed_unit: str | None = None,
        chat: str | None = None,
    ) -> Answer:
        """Understands and answers one question (in a ``chat``: with its conversation context)."""
        query = self.understand(text, chat=chat)
        return self.answer(query, default_unit=default_unit, allowed_unit=allowed_unit, chat=chat)

    def answer(
        self,
        query: Query,
        *,
        default_unit: str | None = None,
        allowed_unit: str | None = None,
        chat: str | None = None,
    ) -> Answer:
        """Answers an already understood (or built) query; in a ``chat``, it becomes the context."""
        reply = answer(
            query,
            self._load().snapshot,
            bands=self.bands,
            default_unit=default_unit,
            allowed_unit=allowed_unit,
        )
        if chat is not None and reply.kind not in _NO_CONTEXT:
            self.conversations.remember(chat, query)
        return reply
