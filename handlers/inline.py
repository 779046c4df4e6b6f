"""Inline mode: "@bot finanzas" in any chat offers progress cards to drop into the conversation.

The names are ranked by `bot.understanding.search.lookup`, each card is an answer (computed with the asker's
rights) made compact by `bot.render.cards.card`. Results are personal (they depend on who asks: their unit,
their restriction) and cached by Telegram for a short while only, so new data shows soon.
"""

from __future__ import annotations

from telegram import InlineQueryResultArticle, InlineQueryResultsButton, InputTextMessageContent, Update
from telegram.constants import ParseMode
from telegram.ext import InlineQueryHandler

from bot.context import BotApplication, BotContext
from bot.domain.answers import Answer
from bot.domain.periods import period_code
from bot.render.cards import card, meeting_card
from bot.services.access import Asker
from bot.services.questions import NoPlanError
from bot.understanding.search import Target, lookup
from handlers.access import require_user
from handlers.offload import db_work
from handlers.questions import record

CACHE_SECONDS = 30
NO_PLAN_BUTTON = "Aún no hay un POI cargado"
NOTHING_FOUND_BUTTON = "No encontré eso: pregúntame en privado"
NO_DATA_BUTTON = "Aún no hay datos de ese periodo"
START_PARAMETER = "ayuda"


def _result_id(target: Target, answer: Answer, units: tuple[str, ...]) -> str:
    """A short id, unique within one answer: the institution, a unit's index or an activity's id."""
    period = period_code(answer.period)
    if target.activity is not None:
        return f"a{target.activity.activity_id}-{period}"
    if target.unit is not None:
        return f"u{units.index(target.unit)}-{period}"
    return f"s-{period}"


async def on_inline_query(update: Update, context: BotContext) -> None:
    """Offers up to ten progress cards (units and activities, best first) for the typed words."""
    inline = update.inline_query
    if inline is None:
        return
    asker = await require_user(update, context)
    if asker is None:
        return
    try:
        results, button = await db_work(context, _offer, context, asker, inline.query)
    except NoPlanError:
        no_plan = InlineQueryResultsButton(text=NO_PLAN_BUTTON, start_parameter=START_PARAMETER)
        await inline.answer([], cache_time=CACHE_SECONDS, is_personal=True, button=no_plan)
        return
    await inline.answer(results, cache_time=CACHE_SECONDS, is_personal=True, button=button)


def _offer(
    context: BotContext, asker: Asker, text: str
) -> tuple[list[InlineQueryResultArticle], InlineQueryResultsButton | None]:
    """The cards for the typed words, and the button shown when there is none (database thread)."""
    snapshot = context.poi.snapshot()
    found = lookup(snapshot, text, own_unit=asker.unit_name, allowed_unit=asker.allowed_unit)
    answers, results = _meeting_result(context, text, asker.allowed_unit)
    for target in found.targets:
        answer = context.poi.answer(target.query(found.period), allowed_unit=asker.allowed_unit)
        shown = card(answer)
        if shown is None:
            continue
        answers.append(answer)
        results.append(
            InlineQueryResultArticle(
                id=_result_id(target, answer, snapshot.units),
                title=shown.title,
                description=shown.description,
                input_message_content=InputTextMessageContent(shown.html, parse_mode=ParseMode.HTML),
            )
        )
    if answers and text.strip():
        record(context, asker, asker.telegram_id, "inline", text, answers[0], typing=True)
    if results:
        return results, None
    # Names found but no card: the period named lies after the data cut-off.
    label = NO_DATA_BUTTON if found.targets else NOTHING_FOUND_BUTTON
    return results, InlineQueryResultsButton(text=label, start_parameter=START_PARAMETER)


def _meeting_result(
    context: BotContext, text: str, allowed_unit: str | None
) -> tuple[list[Answer], list[InlineQueryResultArticle]]:
    """A ranking, comparison, projection, count or value asked inline: its reply as the first card."""
    answer = context.poi.answer(context.poi.understand(text), allowed_unit=allowed_unit)
    shown = meeting_card(answer)
    if shown is None:
        return [], []
    content = InputTextMessageContent(shown.html, parse_mode=ParseMode.HTML)
    result_id = f"m{answer.kind.value[:2]}-{period_code(answer.period)}"
    article = InlineQueryResultArticle(
        id=result_id, title=shown.title, description=shown.description, input_message_content=content
    )
    return [answer], [article]


def register(application: BotApplication) -> None:
    """Registers the inline query handler."""
    application.add_handler(InlineQueryHandler(on_inline_query))
