"""Drive a PTB Application offline, Errbot-style: send, press, type inline, upload; then read replies.

Wiring: `make_builder(transport)` gives an ApplicationBuilder with the test token and the fake as both
request objects; pass it to the application factory (`build_application(settings, builder=...)`).
The pytest fixtures `fake_transport` and `bot_harness` live in `tests.telegram_fixtures`.

What `BotHarness.start` does, mirroring `Application.run_polling` without the updater:
1. `application.initialize()` (the bot's getMe goes through the fake);
2. `application.post_init(application)` if set (the command menu, scheduling), kept as `startup_calls`;
3. `application.start()`, so the JobQueue and the rate limiter run as in production, with the JobQueue's
   scheduler paused: a job runs only when a test calls `run_job(name)`.
`stop` runs `stop`, `post_stop`, `shutdown` and `post_shutdown` in the same order as PTB.

Each step feeds one update through `application.process_update`, waits for the tasks it started
(handlers with block=False), and fails the test when the bot broke the Bot API spec or when a handler
raised and the application has no error handler (the harness then registers one that records errors;
PTB alone would only log them). A step returns the calls it produced.

By default the fake bot reads every group message (privacy mode off, as getMe reports); with
`FakeTransport(can_read_all_group_messages=False)` only commands, mentions of the bot and replies to
it reach the application, as Telegram's privacy mode does.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, ExtBot, JobQueue

from tests.telegram_fake import ApiCall, FakeTransport
from tests.telegram_updates import JSON, FakeChat, FakeUser, UpdateFactory
from tests.telegram_views import BotMessage, Button, SentFile, bot_message, keyboard, sent_file

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
DefaultBuilder = ApplicationBuilder[
    ExtBot[None],
    ContextTypes.DEFAULT_TYPE,
    dict[Any, Any],
    dict[Any, Any],
    dict[Any, Any],
    JobQueue[ContextTypes.DEFAULT_TYPE],
]
HarnessFactory = Callable[[AnyApplication], Awaitable["BotHarness"]]
DEFAULT_USER = FakeUser(id=1001, first_name="Ana", last_name="Quispe", username="ana_quispe")
SETTLE_TIMEOUT = 10.0


def make_builder(transport: FakeTransport) -> DefaultBuilder:
    """An ApplicationBuilder whose bot talks only to `transport`."""
    return ApplicationBuilder().token(transport.token).request(transport).get_updates_request(transport)


class BotHarness:
    """Talks to one Application as users would, through a `FakeTransport`."""

    def __init__(
        self,
        application: AnyApplication,
        transport: FakeTransport | None = None,
        *,
        user: FakeUser = DEFAULT_USER,
        start_application: bool = True,
    ) -> None:
        found = application.bot.request
        if not isinstance(found, FakeTransport) or transport not in (None, found):
            raise TypeError("build the application with make_builder(transport) for this harness's transport")
        transport = found
        self.application = application
        self.transport: FakeTransport = transport
        self.updates = UpdateFactory(self.transport.server)
        self.user = user
        self.startup_calls: list[ApiCall] = []
        self.history: list[BotMessage] = []
        self._outbox: deque[BotMessage] = deque()
        self._errors: list[BaseException] = []
        self._start_application = start_application

    async def __aenter__(self) -> BotHarness:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def start(self) -> list[ApiCall]:
        """Initialises and starts the application like run_polling; returns the start-up calls."""
        app = self.application
        if not app.error_handlers:
            app.add_error_handler(self._record_error)
        self.startup_calls = await self._step(app.initialize, settle=False)
        if app.post_init is not None:
            self.startup_calls += await self._step(lambda: app.post_init(app))  # type: ignore[misc]
        if self._start_application:
            await app.start()
            if app.job_queue is not None:
                app.job_queue.scheduler.pause()
        return self.startup_calls

    async def stop(self) -> None:
        """Stops and shuts the application down like run_polling does on exit."""
        app = self.application
        if app.running:
            await app.stop()
        if app.post_stop is not None:
            await self._step(lambda: app.post_stop(app))  # type: ignore[misc]
        await app.shutdown()
        if app.post_shutdown is not None:
            await self._step(lambda: app.post_shutdown(app))  # type: ignore[misc]

    async def _record_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Keeps a handler's exception so the step that caused it fails."""
        if context.error is not None:
            self._errors.append(context.error)

    async def _settle(self, before: set[asyncio.Task[Any]]) -> None:
        """Waits for the tasks the step started (non-blocking handlers, error handlers)."""
        while True:
            current = asyncio.current_task()
            pending = {
                t for t in asyncio.all_tasks() if t not in before and t is not current and not t.done()
            }
            if not pending:
                return
            _, still = await asyncio.wait(pending, timeout=SETTLE_TIMEOUT)
            if still:
                raise AssertionError(f"tasks still running after {SETTLE_TIMEOUT}s: {still}")

    async def _step(self, action: Callable[[], Awaitable[object]], *, settle: bool = True) -> list[ApiCall]:
        first_call, first_violation = len(self.transport.calls), len(self.transport.violations)
        self._errors.clear()
        before = asyncio.all_tasks()
        await action()
        if settle:
            await self._settle(before)
        calls = self.transport.calls[first_call:]
        for call in calls:
            message = bot_message(call)
            if message is not None:
                self.history.append(message)
                self._outbox.append(message)
        violations = self.transport.violations[first_violation:]
        if violations:
            raise AssertionError("the bot broke the Bot API spec:\n" + "\n".join(violations))
        if self._errors:
            raise AssertionError(f"a handler raised {self._errors[0]!r}") from self._errors[0]
        return calls

    async def process(self, update: JSON) -> list[ApiCall]:
        """Feeds one Update payload to the application; returns the calls it produced."""
        parsed = Update.de_json(update, self.application.bot)
        return await self._step(lambda: self.application.process_update(parsed))

    def _delivered(self, text: str, chat: FakeChat, reply_to: BotMessage | None) -> bool:
        """Whether Telegram hands this group message to the bot (privacy mode)."""
        server = self.transport.server
        if chat.type == "private" or server.bot_user["can_read_all_group_messages"]:
            return True
        mentioned = f"@{server.bot_user['username']}".lower() in text.lower()
        return text.startswith("/") or mentioned or reply_to is not None

    async def send(
        self, text: str, *, user: FakeUser | None = None, chat: FakeChat | None = None,
        reply_to: BotMessage | None = None,
    ) -> list[ApiCall]:  # fmt: skip
        """A user types `text` (in the private chat with the bot unless `chat` says otherwise)."""
        user = user or self.user
        chat = chat or user.private_chat
        replied = self._current(reply_to) if reply_to is not None else None
        update = self.updates.text_message(text, user=user, chat=chat, reply_to=replied)
        return await self.process(update) if self._delivered(text, chat, reply_to) else []

    def _current(self, message: BotMessage) -> JSON:
        """The message as the bot last left it (after edits)."""
        current = self.transport.server.messages.get((message.chat_id, message.message_id))
        if current is None:
            raise AssertionError(f"message {message.message_id} in chat {message.chat_id} no longer exists")
        return current

    def _bot_messages(self) -> Iterator[JSON]:
        bot_id = self.transport.server.bot_user["id"]
        for payload in reversed(list(self.transport.server.messages.values())):
            if payload["from"]["id"] == bot_id:
                yield payload

    async def press(
        self, button: str, *, message: BotMessage | None = None, user: FakeUser | None = None
    ) -> list[ApiCall]:
        """Presses the button whose callback_data or label is `button`, on `message` or the latest
        bot message showing such a button."""
        candidates = [self._current(message)] if message is not None else list(self._bot_messages())
        for payload in candidates:
            for row in keyboard(payload):
                for found in row:
                    if button in (found.callback_data, found.text) and found.callback_data is not None:
                        update = self.updates.callback_query(
                            found.callback_data, user=user or self.user, message=payload
                        )
                        return await self.process(update)
        shown = [b.text for payload in candidates[:1] for row in keyboard(payload) for b in row]
        raise AssertionError(f"no callback button {button!r} to press; latest buttons: {shown}")

    async def forge_callback(
        self, data: str, *, message: BotMessage | None = None, user: FakeUser | None = None
    ) -> list[ApiCall]:
        """A callback query with arbitrary data, as a modified client can send, on `message` or the
        latest bot message."""
        payload = self._current(message) if message is not None else next(self._bot_messages(), None)
        if payload is None:
            raise AssertionError("the bot has sent no message a callback could come from")
        return await self.process(self.updates.callback_query(data, user=user or self.user, message=payload))

    async def inline(
        self, query: str, *, user: FakeUser | None = None, chat_type: str = "sender"
    ) -> list[ApiCall]:
        """A user types `@bot <query>` in a chat of `chat_type`."""
        return await self.process(
            self.updates.inline_query(query, user=user or self.user, chat_type=chat_type)
        )

    async def upload(
        self, filename: str, data: bytes, *, user: FakeUser | None = None, chat: FakeChat | None = None,
        caption: str | None = None, mime_type: str | None = None,
    ) -> list[ApiCall]:  # fmt: skip
        """A user sends a file as a document; the bot can getFile and download `data`."""
        update = self.updates.document_message(
            filename, data, user=user or self.user, chat=chat, mime_type=mime_type, caption=caption
        )
        return await self.process(update)

    async def run_job(self, name: str) -> list[ApiCall]:
        """Runs the scheduled job called `name` now; returns the calls it produced."""
        job_queue = self.application.job_queue
        jobs = job_queue.get_jobs_by_name(name) if job_queue is not None else ()
        if not jobs:
            scheduled = [job.name for job in job_queue.jobs()] if job_queue is not None else []
            raise AssertionError(f"no job named {name!r}; scheduled: {scheduled}")
        return await self._step(lambda: jobs[0].run(self.application))

    @property
    def messages(self) -> list[BotMessage]:
        """The messages (and edits) not yet popped, oldest first."""
        return list(self._outbox)

    def pop_message(self) -> BotMessage:
        """The oldest message (or edit) not yet popped."""
        if not self._outbox:
            raise AssertionError("the bot sent no message")
        return self._outbox.popleft()

    def last_message(self) -> BotMessage:
        if not self.history:
            raise AssertionError("the bot sent no message")
        return self.history[-1]

    def last_text(self) -> str:
        """The text of the latest message or edit, as the user sees it."""
        return self.last_message().text

    def buttons(self, message: BotMessage | None = None) -> list[list[Button]]:
        """The buttons `message` (default: the latest) shows now."""
        current = self._current(message or self.last_message())
        return [list(row) for row in keyboard(current)]

    def calls(self, method: str | None = None) -> list[ApiCall]:
        return list(self.transport.calls) if method is None else self.transport.calls_to(method)

    def sent_photos(self) -> list[SentFile]:
        found = (sent_file(call, self.transport.server, "photo") for call in self.calls("sendPhoto"))
        return [item for item in found if item is not None]

    def sent_documents(self) -> list[SentFile]:
        found = (sent_file(call, self.transport.server, "document") for call in self.calls("sendDocument"))
        return [item for item in found if item is not None]

    def inline_results(self) -> list[JSON]:
        """The results of the latest answered inline query."""
        answered = [call for call in self.calls("answerInlineQuery") if call.ok]
        if not answered:
            raise AssertionError("the bot answered no inline query")
        results: list[JSON] = answered[-1].params["results"]
        return results

    def callback_answers(self) -> list[JSON]:
        """The parameters of every answerCallbackQuery (text, show_alert ...), oldest first."""
        return [call.params for call in self.calls("answerCallbackQuery")]
