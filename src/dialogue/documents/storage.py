"""Where the bytes of documents live, behind one small interface: `put` streamed chunks (→ a new key), `open` a
byte range as a stream, `delete` (for a later purge). Never the whole file in memory.

Both stores go through obstore (the Rust `object_store` crate, async and streaming):
- `file:///var/lib/dialogue/documents`: a local directory (the default, beside the SQLite database);
- `s3://bucket/prefix`: S3-compatible object storage, for several processes or machines, with the usual
  environment variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_ENDPOINT_URL…).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterable, AsyncIterator
from pathlib import Path
from typing import Final, Protocol
from urllib.parse import unquote, urlsplit

import obstore
from obstore.store import LocalStore, S3Store

#: Part size of multipart uploads (the S3 minimum) and parts in flight: at most ~10 MB buffered per upload.
PART_SIZE: Final = 5 * 1024 * 1024
PARTS_IN_FLIGHT: Final = 2
#: Chunks handed to the HTTP response when reading.
READ_CHUNK: Final = 256 * 1024


class DocumentStore(Protocol):
    """The store of documents' bytes; keys are opaque strings the store chooses."""

    url: str

    async def put(self, chunks: AsyncIterable[bytes]) -> str: ...

    def open(self, key: str, *, first: int = 0, last: int | None = None) -> AsyncIterator[bytes]: ...

    async def delete(self, key: str) -> None: ...


class ObjectStore:
    """A `DocumentStore` over an obstore store (local directory or S3)."""

    def __init__(self, store: LocalStore | S3Store, *, url: str) -> None:
        self._store = store
        self.url = url

    async def put(self, chunks: AsyncIterable[bytes]) -> str:
        key = f"documents/{uuid.uuid4().hex}"
        await obstore.put_async(
            self._store,
            key,
            chunks,
            use_multipart=True,
            chunk_size=PART_SIZE,
            max_concurrency=PARTS_IN_FLIGHT,
        )
        return key

    async def open(self, key: str, *, first: int = 0, last: int | None = None) -> AsyncIterator[bytes]:
        """The bytes `first`..`last` (inclusive; None: to the end) of the object, in chunks."""
        if last is None:
            result = await obstore.get_async(self._store, key, options={"range": {"offset": first}} if first else None)
        else:
            result = await obstore.get_async(self._store, key, options={"range": (first, last + 1)})
        async for chunk in result.stream(min_chunk_size=READ_CHUNK):
            yield bytes(chunk)

    async def delete(self, key: str) -> None:
        await obstore.delete_async(self._store, key)


def store_from_url(url: str) -> ObjectStore:
    """`file:///absolute/dir` or `s3://bucket/prefix` → its store (ValueError for anything else)."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        directory = Path(unquote(parts.path))
        if not directory.is_absolute():
            raise ValueError("expected file:///absolute/directory")
        directory.mkdir(parents=True, exist_ok=True)
        return ObjectStore(LocalStore(directory, mkdir=True), url=url)
    if parts.scheme == "s3" and parts.netloc:
        prefix = parts.path.strip("/") or None
        endpoint = _env_endpoint()
        store = S3Store(
            parts.netloc,
            prefix=prefix,
            client_options={"allow_http": True} if endpoint.startswith("http://") else None,
        )
        return ObjectStore(store, url=url)
    raise ValueError("expected file:///absolute/directory or s3://bucket/prefix")


def _env_endpoint() -> str:
    return (
        os.environ.get("AWS_ENDPOINT_URL_S3")
        or os.environ.get("AWS_ENDPOINT_URL")
        or os.environ.get("AWS_ENDPOINT", "")
    )


_current: DocumentStore | None = None
_bound_url: str | None = None


def bind(url: str) -> None:
    """The composition root (`bootstrap`) names the store, from DIALOGUE_STORAGE_URL; it is opened on first use, so
    a process that never touches a document creates no directory and opens no connection."""
    global _current, _bound_url
    _bound_url, _current = url, None


def get_store() -> DocumentStore:
    """The process's store (tests and the benchmark may `use_store` another)."""
    global _current
    if _current is None:
        if _bound_url is None:
            raise RuntimeError(
                "No document store is bound: bootstrap(settings) binds the one DIALOGUE_STORAGE_URL names."
            )
        _current = store_from_url(_bound_url)
    return _current


def use_store(store: DocumentStore | None) -> DocumentStore | None:
    """Replace the process's store (None: back to the configured one); returns the previous one."""
    global _current
    previous, _current = _current, store
    return previous
