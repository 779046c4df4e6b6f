"""poi-bot on the web: the ASGI server (webhook, health, metrics) and the Mini App it hosts."""
