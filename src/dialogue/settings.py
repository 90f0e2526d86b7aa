"""Configuration: the DIALOGUE_* environment variables, validated once at start-up."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from dialogue.core.networks import parse_networks


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
    consultation_min_agreed_days: int = Field(
        default=15,
        ge=1,
        le=365,
        description=(
            "Shortest consultation delay an agreement may set, in days. UNVERIFIED: floor widely cited; "
            "article to confirm (L2312-16 or R2312-5)"
        ),
    )
    password_hash_cost: Literal["default", "fast"] = Field(
        default="default", description="'fast' lowers argon2 cost; for tests and benchmarks only"
    )
    # --- sign-in and sessions (issue 13, branch auth) ---
    trusted_proxies: Annotated[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...], NoDecode] = Field(
        default=(),
        description="Reverse proxies whose X-Forwarded-For is believed: comma-separated IPs or CIDRs "
        "(e.g. 10.0.0.0/8,127.0.0.1); empty (default): the header is ignored and the TCP peer is the client",
    )
    signin_max_delay_seconds: int = Field(
        default=60,
        ge=1,
        le=900,
        description="Cap of the progressive delay per account after 5 failed sign-ins (1 s, 2 s, 4 s … doubling)",
    )
    signin_client_max_failures: int = Field(
        default=20, ge=5, le=10_000, description="Failed sign-ins per client address per 15 minutes before 429"
    )
    # --- end sign-in and sessions ---

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split_trusted_proxies(cls, value: object) -> object:
        if isinstance(value, str):
            return parse_networks(value.split(","))
        return value

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

    # --- mail (issue 13, branch mail) ---
    mail_non_participant_capacities: tuple[str, ...] = Field(
        default=("inspection_travail", "carsat", "medecin_travail"),
        description=(
            "Capacities of a convocation list that receive the agenda without being convoked (L2315-30, L2314-3): "
            "their invitation is ROLE=NON-PARTICIPANT, RSVP=FALSE, with a one-click unsubscribe. JSON list, e.g. "
            'DIALOGUE_MAIL_NON_PARTICIPANT_CAPACITIES=\'["inspection_travail","carsat"]\''
        ),
    )

    # --- documents (issue 16, branch docs) ---
    storage_url: str | None = Field(
        default=None,
        description="Where documents' bytes live: file:///absolute/dir or s3://bucket/prefix (AWS_* variables); "
        "unset: a `documents` directory beside the SQLite database (or in the working directory)",
    )
    max_upload_mb: int = Field(default=25, ge=1, le=10_240, description="Largest document accepted, in MiB (413)")
    # branch retention: years kept per document kind, over the defaults of documents/retention.py (checked there)
    document_retention_years: dict[str, int | None] = Field(
        default_factory=dict,
        description="Years a document's versions are kept, per kind, over the defaults (duerp 40: L4121-3-1, "
        "R4121-4; comptes 10: L123-22 C. com.; pv 10: usage, UNVERIFIED; others kept without end). JSON, e.g. "
        'DIALOGUE_DOCUMENT_RETENTION_YEARS=\'{"pv": 5, "registre": 10}\'; null keeps a kind without end',
    )

    @property
    def documents_storage_url(self) -> str:
        if self.storage_url:
            return self.storage_url
        base = Path(self.sqlite_path).resolve().parent if self.is_sqlite else Path.cwd()
        return (base / "documents").as_uri()

    @field_validator("storage_url")
    @classmethod
    def _check_storage_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        parts = urlsplit(value)
        if (parts.scheme == "file" and parts.path.startswith("/")) or (parts.scheme == "s3" and parts.netloc):
            return value
        raise ValueError("expected file:///absolute/directory or s3://bucket/prefix")

    # --- end documents ---

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


#: How to make a key, in every refusal message.
GENERATE_KEY_HINT = 'generate one with: python -c "import secrets; print(secrets.token_urlsafe(48))"'
MIN_SECRET_KEY_BYTES = 32
#: Keys published somewhere (old compose file, tests, benchmarks, docs): never accepted outside the demo.
KNOWN_SECRET_KEYS = frozenset(
    {
        "change-me-to-a-long-random-string-shared-by-all-processes",
        "test-secret-key-not-for-production-0123456789",
        "bench-secret-key-0123456789abcdef0123456789",
        "browser-tests-secret-key-0123456789abcdef",
    }
)
#: Words of 7 letters or more, searched in the key's letters only: a random key contains one by chance
#: about once in millions.
_PLACEHOLDER_WORDS = re.compile(
    r"change(it|me|this)|replaceme|placeholder|example|your(secret|key)|secretkey|notforproduction|insecure|default"
)


def weak_secret_key_reason(key: str) -> str | None:
    """Why a DIALOGUE_SECRET_KEY must not sign anyone's session, or None when it may."""
    if key in KNOWN_SECRET_KEYS:
        return "a published key (from an example, a test or a benchmark)"
    if len(key.encode()) < MIN_SECRET_KEY_BYTES:
        return f"too short ({len(key.encode())} bytes, at least {MIN_SECRET_KEY_BYTES} needed)"
    if _PLACEHOLDER_WORDS.search(re.sub(r"[^a-z]+", "", key.lower())):
        return "a placeholder"
    if len(set(key)) < 10:
        return "not random (too few distinct characters)"
    return None


def is_embedded_demo(settings: Settings, *, host: str) -> bool:
    """The embedded demo: a SQLite database served on 127.0.0.1 only (what `make run` does).
    Nobody else can reach it, so a missing or weak key there is tolerated."""
    return settings.is_sqlite and host == "127.0.0.1"


def secret_key_problem(settings: Settings, *, host: str, workers: int) -> str | None:
    """One line saying why `dialogue serve` must not start with this key, or None."""
    if "secret_key" not in settings.model_fields_set:
        if workers > 1:
            return (
                "DIALOGUE_SECRET_KEY is not set: with --workers > 1 every process must sign and check sessions "
                f"with the same key; {GENERATE_KEY_HINT}"
            )
        if is_embedded_demo(settings, host=host):
            return None
        return (
            "DIALOGUE_SECRET_KEY is not set: outside the embedded demo (SQLite on 127.0.0.1) a key shared by "
            f"the server and the worker is required; {GENERATE_KEY_HINT}"
        )
    if is_embedded_demo(settings, host=host):
        return None
    reason = weak_secret_key_reason(settings.secret_key.get_secret_value())
    if reason is None:
        return None
    return (
        f"DIALOGUE_SECRET_KEY is {reason}: outside the embedded demo (SQLite on 127.0.0.1) use a random key "
        f"of at least {MIN_SECRET_KEY_BYTES} bytes; {GENERATE_KEY_HINT}"
    )


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
