"""The container files: Docker has no engine here, so their key lines are checked as text.

What a build would catch first is checked instead: the files the Dockerfile copies exist, it runs
`poi-bot serve` as a non-root user with a health check on /healthz, and compose runs it beside
PostgreSQL 16 with a named volume and the settings from .env.
"""

from __future__ import annotations

import json
import re

from bot.config import Settings
from tests.conftest import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
COMPOSE = (ROOT / "compose.yaml").read_text(encoding="utf-8")
DOCKERIGNORE = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()


def instructions(name: str) -> list[str]:
    """The arguments of every Dockerfile instruction `name`, continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [line.split(None, 1)[1] for line in joined.splitlines() if line.split(None, 1)[:1] == [name]]


def test_the_image_is_python_3_11_slim_and_copies_files_that_exist() -> None:
    assert [base.split()[0] for base in instructions("FROM")] == ["python:3.11-slim", "python:3.11-slim"]
    for copy in instructions("COPY"):
        if copy.startswith("--from"):
            continue
        *sources, _ = copy.split()
        for source in sources:
            assert (ROOT / source).exists(), f"COPY {source}: not in the repository"


def test_the_image_installs_the_package_and_runs_serve_as_a_non_root_user() -> None:
    (run_install,) = [run for run in instructions("RUN") if "pip install" in run]
    assert "poi-bot" in run_install
    assert "useradd" in run_install
    (user,) = instructions("USER")
    assert user.split(":")[0] not in ("root", "0")
    assert json.loads(instructions("ENTRYPOINT")[0]) == ["poi-bot"]
    assert json.loads(instructions("CMD")[-1]) == ["serve"]
    env = " ".join(instructions("ENV"))
    assert "SERVE_HOST=0.0.0.0" in env  # reachable from the proxy, not only inside the container
    assert f"SERVE_PORT={Settings.model_fields['serve_port'].default}" in env


def test_the_health_check_asks_healthz_on_the_served_port() -> None:
    (check,) = instructions("HEALTHCHECK")
    assert "/healthz" in check
    assert "'8080'" in check
    assert instructions("EXPOSE") == ["8080"]


def test_compose_runs_the_bot_beside_postgresql_16_with_a_named_volume() -> None:
    lines = COMPOSE.splitlines()
    assert "services:" in lines
    assert "  db:" in lines
    assert "  bot:" in lines
    assert "    image: postgres:16" in lines
    assert "      - pgdata:/var/lib/postgresql/data" in lines
    assert lines[lines.index("volumes:") + 1] == "  pgdata:"  # the top-level named volume
    assert "    env_file: .env" in lines
    assert "    build: ." in lines
    assert "      DATABASE_URL: postgresql+psycopg://poi:${POSTGRES_PASSWORD}@db:5432/poi" in lines
    assert "        condition: service_healthy" in lines
    assert '      - "127.0.0.1:8080:8080"' in lines
    assert "\t" not in COMPOSE  # YAML forbids tabs for indentation


def test_the_build_context_leaves_out_secrets_and_local_state() -> None:
    for entry in (".env", ".venv", ".git", "*.sqlite3"):
        assert entry in DOCKERIGNORE
    assert "!.env.example" in DOCKERIGNORE
