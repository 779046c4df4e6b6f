"""The HTTP side of `poi-bot serve`: Telegram's webhook, /healthz, /metrics and the Mini App."""
