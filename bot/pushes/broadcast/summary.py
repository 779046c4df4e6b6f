"""The figures of one broadcast: how many chats got the push, were skipped, failed or were done already."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from bot.pushes.calendar import KIND_LABELS, PushKind


@dataclass
class BroadcastSummary:
    """What a broadcast did; every recipient ends in exactly one of sent, skipped, failed,
    already_claimed or released."""

    kind: str
    period_key: str
    recipients: int = 0
    sent: int = 0  # deliveries Telegram accepted (all their parts)
    skipped: int = 0  # blocked chats and recipients with nothing to say
    blocked: int = 0  # of the skipped: Telegram said the user blocked the bot
    failed: int = 0  # given up, each with its error recorded
    already_claimed: int = 0  # finished earlier or being sent by another broadcaster
    released: int = 0  # left on a graceful stop (claims given back): the next run sends them
    uncertain: int = 0  # in flight when an earlier sender died: recorded failed, not resent
    retries: int = 0  # attempts that failed and were retried (RetryAfter included)
    messages: int = 0  # Telegram messages sent (a long text is several)
    seconds: float = 0.0

    @property
    def accounted(self) -> int:
        return self.sent + self.skipped + self.failed + self.already_claimed + self.released

    def as_json(self) -> dict[str, str | int | float]:
        return asdict(self)

    def describe(self) -> str:
        """Spanish one-line account, e.g. for the log or the admin's console."""
        try:
            label = KIND_LABELS[PushKind(self.kind)]
        except ValueError:
            label = self.kind
        text = (
            f"{label} {self.period_key}: {self.sent} enviados, {self.skipped} omitidos "
            f"({self.blocked} bloqueados), {self.failed} fallidos, {self.already_claimed} ya atendidos"
        )
        if self.released:
            text += f", {self.released} pendientes para la próxima recuperación"
        if self.uncertain:
            text += f", {self.uncertain} en curso al caerse un envío anterior (no se reenvían)"
        return f"{text} — {self.recipients} destinatarios, {self.seconds:.1f} s"
