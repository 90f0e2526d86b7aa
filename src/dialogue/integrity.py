"""The key of tamper evidence: HMAC-SHA256 seals that a database writer cannot recompute.

The key never lives in the database: it is `DIALOGUE_CHAIN_KEY`, or derived from `DIALOGUE_SECRET_KEY` with
HKDF-SHA256 (`Settings.chain_hmac_key`). The composition roots (`create_app`, the `dialogue` commands) build it
once with `process_key` and pass it down as an argument (the `chain_key` dependency of the HTTP handlers); the
migrations, which Piccolo calls without arguments, are lent it by `dialogue migrate` (`lent_to_migrations`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from dialogue.settings import Settings

log = logging.getLogger("dialogue.integrity")


@dataclass(frozen=True, slots=True)
class ChainKey:
    """The HMAC key and where it came from; `fingerprint` names it without revealing it (mails, verify)."""

    key: bytes
    source: str

    @property
    def fingerprint(self) -> str:
        return hmac.new(self.key, b"dialogue chain key fingerprint", hashlib.sha256).hexdigest()[:16]


def key_of(settings: Settings) -> ChainKey:
    return ChainKey(key=settings.chain_hmac_key, source=settings.chain_key_source)


def process_key(settings: Settings) -> ChainKey:
    """The key of this process, built once by its composition root; warns when it is ephemeral (nothing written
    now verifies after a restart)."""
    key = key_of(settings)
    if key.source == "ephemeral":
        log.warning(
            "Neither DIALOGUE_CHAIN_KEY nor DIALOGUE_SECRET_KEY is set: the registers' chain key is random for this "
            "process, and what is written now will fail `verify` after a restart. Set DIALOGUE_CHAIN_KEY."
        )
    return key


_MIGRATION_KEY: ContextVar[ChainKey] = ContextVar("dialogue_migration_chain_key")


@contextmanager
def lent_to_migrations(key: ChainKey) -> Iterator[None]:
    """Lend `key` to the migrations run inside this block (Piccolo calls them without arguments)."""
    token = _MIGRATION_KEY.set(key)
    try:
        yield
    finally:
        _MIGRATION_KEY.reset(token)


def migration_key() -> ChainKey:
    """The key `dialogue migrate` lent to the migration that seals existing records."""
    try:
        return _MIGRATION_KEY.get()
    except LookupError:
        raise RuntimeError(
            "The keyed-chain migration runs through `dialogue migrate`, which lends it the key."
        ) from None


def seal(key: bytes, purpose: str, payload: dict[str, Any]) -> str:
    """Hex HMAC-SHA256 of `purpose` and a JSON payload (sorted keys, UTF-8): one function for every seal."""
    text = json.dumps({"purpose": purpose, **payload}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def same(a: str | None, b: str | None) -> bool:
    """Constant-time comparison of two hex digests (None never matches)."""
    return a is not None and b is not None and hmac.compare_digest(a.lower(), b.lower())
