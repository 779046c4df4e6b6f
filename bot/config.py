"""Settings, read from the environment and `.env`; unusable values stop start-up with their name."""

from __future__ import annotations

import re
from datetime import time
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.domain.figures import Bands
from storage.db import DEFAULT_DATABASE_URL, EngineTimeouts
from storage.import_limits import MAX_BYTES, MAX_ROWS

_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{16,256}")  # what setWebhook's secret_token accepts


class Settings(BaseSettings):
    """Everything poi-bot can be configured with; see `.env.example` for each variable."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    database_url: str = DEFAULT_DATABASE_URL
    admin_ids: Annotated[tuple[int, ...], NoDecode] = ()
    access_mode: Literal["approval", "open"] = "approval"
    restrict_to_own_unit: bool = False
    timezone: str = "America/Lima"
    entity_name: str = "SAT"

    band_green: float = Field(default=95.0, gt=0, le=1000)
    band_amber: float = Field(default=75.0, gt=0, le=1000)
    conversation_minutes: float = Field(default=15.0, ge=0, le=24 * 60)

    reminder_day: int = Field(default=1, ge=1, le=28)
    reminder_time: time = time(9, 0)
    quarter_alert_days_before: int = Field(default=10, ge=1, le=80)
    quarter_alert_time: time = time(9, 0)
    quarter_summary_day: int = Field(default=5, ge=1, le=28)
    quarter_summary_time: time = time(9, 0)
    missed_grace_hours: int = Field(default=48, ge=1, le=24 * 31)
    quiet_hours_start: time = time(20, 0)
    quiet_hours_end: time = time(8, 0)
    report_nudge_days: Annotated[tuple[int, ...], NoDecode] = (3, 5)
    report_outlier_factor: float = Field(default=3.0, gt=1, le=1000)
    import_max_rows: int = Field(default=MAX_ROWS, ge=1, le=MAX_ROWS)
    import_max_bytes: int = Field(default=MAX_BYTES, ge=1024)
    webapp_url: str | None = None  # the Mini App dashboard's public https address (…/app/)
    webapp_auth_max_age_hours: float = Field(default=24.0, gt=0, le=24 * 30)

    # `poi-bot serve`: the webhook, health and metrics server.
    webhook_url: str | None = Field(default=None, pattern=r"^https://\S+$")
    webhook_secret: SecretStr | None = None
    webhook_path: str = Field(default="/telegram", pattern=r"^/[A-Za-z0-9_./-]*$")
    serve_host: str = "127.0.0.1"
    serve_port: int = Field(default=8080, ge=1, le=65535)
    log_format: Literal["text", "json"] = "text"

    # Bounded waits on the store, and the most a user waits before hearing it does not answer.
    db_connect_timeout: float = Field(default=5.0, gt=0, le=300)
    db_statement_timeout: float = Field(default=15.0, gt=0, le=3600)
    db_pool_timeout: float = Field(default=5.0, gt=0, le=300)
    db_reply_timeout: float = Field(default=0.8, gt=0, le=300)
    # Questions per second each user may ask on average, and how many at once (0: no limit).
    question_rate: float = Field(default=10.0, ge=0, le=1000)
    question_burst: int = Field(default=20, ge=1, le=10000)

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            try:
                return tuple(int(part) for part in parts)
            except ValueError as exc:
                raise ValueError("debe ser una lista de ids numéricos separados por comas") from exc
        return value

    @field_validator("report_nudge_days", mode="before")
    @classmethod
    def _split_days(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            if not all(part.isdigit() and 1 <= int(part) <= 28 for part in parts):
                raise ValueError("debe ser una lista de días del mes (1 a 28) separados por comas")
            return tuple(int(part) for part in parts)
        return value

    @field_validator(
        "reminder_time",
        "quarter_alert_time",
        "quarter_summary_time",
        "quiet_hours_start",
        "quiet_hours_end",
    )
    @classmethod
    def _local_wall_clock(cls, value: time) -> time:
        if value.tzinfo is not None:
            raise ValueError("debe ser una hora local (HH:MM, en TIMEZONE), sin zona horaria ni desfase")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"zona horaria desconocida: {value!r}") from exc
        return value

    @field_validator("telegram_bot_token", "webhook_url", "webhook_secret", mode="before")
    @classmethod
    def _blank_token_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("webhook_secret")
    @classmethod
    def _usable_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _WEBHOOK_SECRET.fullmatch(value.get_secret_value()):
            raise ValueError("debe tener de 16 a 256 caracteres entre A-Z, a-z, 0-9, _ y -")
        return value

    @field_validator("webapp_url", mode="before")
    @classmethod
    def _https_webapp_url(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip()
            if not value:
                return None
            if not value.startswith("https://") or len(value) <= len("https://"):
                raise ValueError("debe ser una dirección https:// (Telegram solo abre Mini Apps por HTTPS)")
            return value if value.endswith("/") else value + "/"
        return value

    @model_validator(mode="after")
    def _bands_ordered(self) -> Settings:
        if self.band_amber >= self.band_green:
            raise ValueError("BAND_AMBER debe ser menor que BAND_GREEN")
        return self

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def context_seconds(self) -> float:
        """How long a chat's previous question is a follow-up's context."""
        return self.conversation_minutes * 60.0

    @property
    def engine_timeouts(self) -> EngineTimeouts:
        return EngineTimeouts(
            connect=self.db_connect_timeout, statement=self.db_statement_timeout, pool=self.db_pool_timeout
        )

    @property
    def bands(self) -> Bands:
        return Bands(green=self.band_green, amber=self.band_amber)


class SettingsError(Exception):
    """Settings that cannot be used; the message names each offending variable."""


def load_settings(**overrides: object) -> Settings:
    """Reads the settings, turning validation errors into one message naming the variables."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            name = "_".join(str(part) for part in error["loc"]).upper() or "configuración"
            problems.append(f"{name}: {error['msg']}")
        raise SettingsError("Configuración no válida:\n" + "\n".join(problems)) from exc
