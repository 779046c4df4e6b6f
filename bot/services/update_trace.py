"""Times every update the application handles and logs one line for it.

`TracedUpdates` is a PTB update processor wrapped around another (by default PTB's sequential one):
it opens an `UpdateTrace` before the handlers run and, when they are done, logs the update id, the
chat, the intent a question handler noted and the latency, and records them in the metrics. The
handlers stay unaware of it. Handlers registered with ``block=False`` (charts, exports) finish
after the processor lets the update go: their time is not in the latency.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor, SimpleUpdateProcessor

from bot.services import metrics

log = logging.getLogger("bot.updates")


class TracedUpdates(BaseUpdateProcessor):
    """An update processor that traces each update, then hands it to ``inner`` to run."""

    def __init__(self, inner: BaseUpdateProcessor | None = None) -> None:
        self.inner = inner if inner is not None else SimpleUpdateProcessor(1)
        super().__init__(self.inner.max_concurrent_updates)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        trace = metrics.UpdateTrace(
            update_id=update.update_id if isinstance(update, Update) else None,
            chat_id=chat.id if chat is not None else None,
        )
        token = metrics.CURRENT_UPDATE.set(trace)
        try:
            await self.inner.do_process_update(update, coroutine)
        finally:
            metrics.CURRENT_UPDATE.reset(token)
            seconds = trace.seconds()
            metrics.update_handled(trace, seconds)
            latency_ms = round(seconds * 1000, 1)
            log.info(
                "update %s chat %s intent %s handled in %.1f ms",
                trace.update_id,
                trace.chat_id,
                trace.intent or "-",
                latency_ms,
                extra={
                    "update_id": trace.update_id,
                    "chat_id": trace.chat_id,
                    "intent": trace.intent,
                    "latency_ms": latency_ms,
                },
            )

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()
