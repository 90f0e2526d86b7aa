"""Configuration: the DIALOGUE_* environment variables, validated once at start-up."""

from __future__ import annotations

import secrets
from functools import lru_cache
from typing import Literal
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class SettingsError(RuntimeError):
    """A DIALOGUE_* variable has a bad value; the message names it in one line."""


class Settings(BaseSettings):
    """Everything the service reads from its environment, and nothing else does."""

    model_config = SettingsConfigDict(env_prefix="DIALOGUE_", extra="ignore", frozen=True)

    database_url: str = Field(
        default="sqlite:///dialogue.db",
        description="sqlite:///path.db (default) or postgresql://user:pass@host:port/db",
    )
    smtp_url: SecretStr | None = Field(default=None, description="smtp://[user:password@]host:port or smtps://…")
    mail_from: str = Field(default="dialogue@localhost", description="Sender address of notifications")
    base_url: str = Field(default="http://127.0.0.1:8000", description="Public URL used in emails and feed links")
    secret_key: SecretStr = Field(
        default_factory=lambda: SecretStr(secrets.token_urlsafe(48)),
        description="Key signing access tokens; set it when several processes serve the same database",
    )
    timezone: str = Field(default="Europe/Paris", description="Display zone for pages, emails and calendars")
    token_ttl_seconds: int = Field(default=8 * 3600, ge=60, le=30 * 24 * 3600)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    db_pool_min: int = Field(default=2, ge=1, le=100)
    db_pool_max: int = Field(default=10, ge=1, le=200)
    password_hash_cost: Literal["default", "fast"] = Field(
        default="default", description="'fast' lowers argon2 cost; for tests and benchmarks only"
    )
    # --- mail (issue 13, branch mail) ---
    mail_non_participant_capacities: tuple[str, ...] = Field(
        default=("inspection_travail", "carsat", "medecin_travail"),
        description=(
            "Capacities of a convocation list that receive the agenda without being convoked (L2315-30, L2314-3): "
            "their invitation is ROLE=NON-PARTICIPANT, RSVP=FALSE, with a one-click unsubscribe. JSON list, e.g. "
            'DIALOGUE_MAIL_NON_PARTICIPANT_CAPACITIES=\'["inspection_travail","carsat"]\''
        ),
    )

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        scheme = value.split("://", 1)[0]
        if scheme not in {"sqlite", "postgresql", "postgres"} or "://" not in value:
            raise ValueError("expected sqlite:///path.db or postgresql://user:pass@host:port/db")
        if scheme == "sqlite" and not value.removeprefix("sqlite://").startswith("/"):
            raise ValueError("expected sqlite:///path.db (three slashes)")
        return value

    @field_validator("smtp_url")
    @classmethod
    def _check_smtp_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        parts = urlsplit(value.get_secret_value())
        if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
            raise ValueError("expected smtp://host:port or smtps://user:password@host:port")
        return value

    @field_validator("mail_from")
    @classmethod
    def _check_mail_from(cls, value: str) -> str:
        if "@" not in value or value.startswith("@") or value.endswith("@"):
            raise ValueError("expected an email address")
        return value

    @field_validator("base_url")
    @classmethod
    def _check_base_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ValueError("expected an absolute http(s) URL")
        return value.rstrip("/")

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def sqlite_path(self) -> str:
        return unquote(self.database_url.removeprefix("sqlite://"))

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def mail_domain(self) -> str:
        return self.mail_from.rsplit("@", 1)[1]


def load_settings() -> Settings:
    """Read and validate the environment; a bad value raises SettingsError naming the variable."""
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "DIALOGUE_" + str(first["loc"][0]).upper() if first["loc"] else "DIALOGUE_*"
        raise SettingsError(f"configuration error: {name}: {first['msg']}") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()
