"""poi-bot on the web: `poi-bot serve`'s ASGI app (webhook, /healthz, /metrics) and the Mini App it hosts."""
