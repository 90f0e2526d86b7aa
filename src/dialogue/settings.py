"""Configuration: the DIALOGUE_* environment variables, validated once at start-up."""

from __future__ import annotations

import hashlib
import hmac
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
    # --- branch chain (issue 13): the key of the registers' tamper-evident chain and of adopted minutes.
    chain_key: SecretStr | None = Field(
        default=None,
        description=(
            "HMAC-SHA256 key of the registers' chain and of adopted minutes' seals (at least 32 bytes), kept "
            "outside the database. Unset: derived from DIALOGUE_SECRET_KEY with HKDF-SHA256, so that changing the "
            "secret key then changes the chain key too (set this one to rotate the secret key independently)."
        ),
    )

    @field_validator("chain_key")
    @classmethod
    def _check_chain_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if len(value.get_secret_value().encode("utf-8")) < 32:
            raise ValueError(
                "expected at least 32 bytes (e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)"
            )
        return value

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

    @property
    def chain_key_source(self) -> Literal["DIALOGUE_CHAIN_KEY", "DIALOGUE_SECRET_KEY", "ephemeral"]:
        """Where the chain key comes from; "ephemeral": neither key was configured, so the chain key is random
        for this process and records written now will not verify after a restart."""
        if self.chain_key is not None:
            return "DIALOGUE_CHAIN_KEY"
        return "DIALOGUE_SECRET_KEY" if "secret_key" in self.model_fields_set else "ephemeral"

    @property
    def chain_hmac_key(self) -> bytes:
        """The 32-byte HMAC-SHA256 key of the chain: HKDF-SHA256 (RFC 5869) of DIALOGUE_CHAIN_KEY, or of
        DIALOGUE_SECRET_KEY when that is unset, with its own `info` so it never equals the token key."""
        material = (self.chain_key or self.secret_key).get_secret_value().encode("utf-8")
        return hkdf_sha256(material, salt=b"dialogue", info=b"dialogue register chain v2", length=32)


def hkdf_sha256(material: bytes, *, salt: bytes, info: bytes, length: int) -> bytes:
    """HKDF-SHA256 (RFC 5869): extract with `salt`, expand with `info` to `length` bytes (at most 8160)."""
    prk = hmac.new(salt, material, hashlib.sha256).digest()
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        out += block
        counter += 1
    return out[:length]


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
