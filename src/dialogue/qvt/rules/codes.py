"""Anonymous single-use links: codes drawn at random, typed back tolerantly, stored only as a digest."""

from __future__ import annotations

import hashlib
from typing import Final

CODE_ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford's base32: no I, L, O, U, so a printed code cannot be misread."""
CODE_LENGTH: Final = 28
"""28 base32 characters = 140 random bits (at least 128 are required), printed as 7 groups of 4."""
_CONFUSABLES: Final = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code(random_bytes: bytes) -> str:
    """A code from ≥ 18 random bytes (pass `secrets.token_bytes(18)`): 28 base32 characters."""
    if len(random_bytes) < 18:
        raise ValueError("au moins 18 octets aléatoires (140 bits) sont nécessaires")
    number = int.from_bytes(random_bytes[:18], "big") >> 4  # 144 - 4 = 140 bits
    chars = []
    for _ in range(CODE_LENGTH):
        number, digit = divmod(number, 32)
        chars.append(CODE_ALPHABET[digit])
    return "".join(reversed(chars))


def normalise_code(text: str) -> str | None:
    """The canonical code from what a person typed (case, dashes, spaces, O/I/L typos); None if malformed."""
    code = "".join(text.split()).replace("-", "").upper().translate(_CONFUSABLES)
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code


def format_code(code: str) -> str:
    """A code as printed: groups of 4 separated by dashes."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def code_digest(code: str) -> str:
    """What is stored for a link: the SHA-256 of its canonical code (the code itself is never stored)."""
    return hashlib.sha256(code.encode("ascii")).hexdigest()
