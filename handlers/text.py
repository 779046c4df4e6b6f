"""Free questions: every text in a private chat; in groups only when the bot is mentioned."""

from __future__ import annotations

import re

from telegram import MessageEntity, Update

from bot.context import BotContext
from handlers.questions import answer_text


async def private_text(update: Update, context: BotContext) -> None:
    """Answers a question typed in a private chat."""
    message = update.effective_message
    if message is None or not message.text:
        return
    await answer_text(update, context, message.text, surface="text")


async def group_mention(update: Update, context: BotContext) -> None:
    """Answers a question in a group when it mentions the bot (or replies to it)."""
    message = update.effective_message
    if message is None or not message.text:
        return
    username = (context.bot.username or "").lower()
    mentions = message.parse_entities([MessageEntity.MENTION])
    mentioned = any(text.lower() == f"@{username}" for text in mentions.values())
    replied = (
        message.reply_to_message is not None
        and message.reply_to_message.from_user is not None
        and (message.reply_to_message.from_user.id == context.bot.id)
    )
    if not (mentioned or replied):
        return
    question = re.sub(rf"@{re.escape(username)}\b", " ", message.text, flags=re.IGNORECASE).strip()
    await answer_text(update, context, question or "ayuda", surface="text")
