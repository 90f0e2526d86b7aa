"""The key of tamper evidence: HMAC-SHA256 seals that a database writer cannot recompute.

The key never lives in the database: it is `DIALOGUE_CHAIN_KEY`, or derived from `DIALOGUE_SECRET_KEY` with
HKDF-SHA256 (`Settings.chain_hmac_key`). The composition root (`create_app`, `dialogue migrate`, the worker
and `notify-due`) binds it once with `configure`; anything else reading it falls back to the environment.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from typing import Any

from dialogue.settings import Settings, get_settings

log = logging.getLogger("dialogue.integrity")


@dataclass(frozen=True, slots=True)
class ChainKey:
    """The HMAC key and where it came from; `fingerprint` names it without revealing it (mails, verify)."""

    key: bytes
    source: str

    @property
    def fingerprint(self) -> str:
        return hmac.new(self.key, b"dialogue chain key fingerprint", hashlib.sha256).hexdigest()[:16]


_configured: ChainKey | None = None


def key_of(settings: Settings) -> ChainKey:
    return ChainKey(key=settings.chain_hmac_key, source=settings.chain_key_source)


def configure(settings: Settings) -> ChainKey:
    """Bind the chain key of this process; warn when it is ephemeral (nothing written now verifies later)."""
    global _configured
    _configured = key_of(settings)
    if _configured.source == "ephemeral":
        log.warning(
            "Neither DIALOGUE_CHAIN_KEY nor DIALOGUE_SECRET_KEY is set: the registers' chain key is random for this "
            "process, and what is written now will fail `verify` after a restart. Set DIALOGUE_CHAIN_KEY."
        )
    return _configured


def chain_key() -> ChainKey:
    """The bound key (or the one the environment gives, when nothing was bound)."""
    return _configured or key_of(get_settings())


def seal(key: bytes, purpose: str, payload: dict[str, Any]) -> str:
    """Hex HMAC-SHA256 of `purpose` and a JSON payload (sorted keys, UTF-8): one function for every seal."""
    text = json.dumps({"purpose": purpose, **payload}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def same(a: str | None, b: str | None) -> bool:
    """Constant-time comparison of two hex digests (None never matches)."""
    return a is not None and b is not None and hmac.compare_digest(a.lower(), b.lower())
