"""Both document stores (local directory, S3 on a moto server process) keep bytes by key, stream them back
whole or by range, and delete them; a put of many chunks never needs the whole file at once."""

from __future__ import annotations

import hashlib
import os
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.helpers.document_stores import document_store, s3_endpoint  # noqa: F401


async def _chunks(data: bytes, size: int) -> AsyncIterator[bytes]:
    for at in range(0, len(data), size):
        yield data[at : at + size]


async def _read(store: Any, key: str, **kwargs: Any) -> bytes:
    return b"".join([piece async for piece in store.open(key, **kwargs)])


async def test_put_then_open_round_trip_in_chunks(document_store: Any) -> None:  # noqa: F811
    data = os.urandom(12 * 1024 * 1024 + 17)  # more than two multipart parts
    key = await document_store.put(_chunks(data, 64 * 1024))
    assert key.startswith("documents/")
    back = await _read(document_store, key)
    assert hashlib.sha256(back).hexdigest() == hashlib.sha256(data).hexdigest()


async def test_open_a_byte_range(document_store: Any) -> None:  # noqa: F811
    data = bytes(range(256)) * 100
    key = await document_store.put(_chunks(data, 1000))
    assert await _read(document_store, key, first=10, last=19) == data[10:20]
    assert await _read(document_store, key, first=25_590) == data[25_590:]


async def test_two_puts_get_two_keys(document_store: Any) -> None:  # noqa: F811
    first = await document_store.put(_chunks(b"version 1", 4))
    second = await document_store.put(_chunks(b"version 2", 4))
    assert first != second
    assert await _read(document_store, first) == b"version 1"
    assert await _read(document_store, second) == b"version 2"


async def test_delete_removes_the_object(document_store: Any) -> None:  # noqa: F811
    key = await document_store.put(_chunks(b"to be purged", 5))
    await document_store.delete(key)
    with pytest.raises(FileNotFoundError):
        await _read(document_store, key)
