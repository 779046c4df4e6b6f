# poi-bot in production: `poi-bot serve` (webhook, /healthz, /metrics) on port 8080, as a non-root user.
# Build: docker build -t poi-bot .   Run beside PostgreSQL 16: docker compose up -d (see compose.yaml).

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY storage ./storage
COPY handlers ./handlers
# The package and every dependency as wheels, so the final image needs no compiler and no cache.
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    SERVE_HOST=0.0.0.0 \
    SERVE_PORT=8080 \
    LOG_FORMAT=json
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links=/wheels poi-bot \
    && rm -rf /wheels \
    && useradd --create-home --uid 10001 --user-group poibot
USER 10001:10001
WORKDIR /home/poibot
EXPOSE 8080
# 200 only when the database answers, a plan is loaded and the scheduler runs (urlopen fails on 503).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('SERVE_PORT', '8080'), timeout=4)"]
# Migrations run at start-up. Other commands: docker compose exec -T bot poi-bot import - < reporte.txt
ENTRYPOINT ["poi-bot"]
CMD ["serve"]
