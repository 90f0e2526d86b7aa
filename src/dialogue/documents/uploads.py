"""Multipart uploads read as a stream: the `file` part goes to the store chunk by chunk as it arrives.

Litestar 2.25's own form parsing (`UploadFile`) spools each file to a `SpooledTemporaryFile` of 1 MiB in memory,
then on disk, before the handler runs: bounded in memory, but the whole file is written to a temporary file first
and the size limit applies only afterwards. The API reads the request body itself instead, with the incremental
parser Litestar uses (`multipart.PushMultipartParser`), so that nothing is buffered beyond one network chunk and an
oversized upload stops at the limit. The pages do the same, their CSRF token checked from the fields sent before
the file (`documents.pages.checked_source`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Final

from litestar import Request
from multipart import MultipartSegment, ParserError, PushMultipartParser  # type: ignore[import-untyped]

from dialogue.core.errors import InvalidInput

_FIELD_LIMIT: Final = 4096


def _invalid(detail: str) -> InvalidInput:
    return InvalidInput(detail, errors=[{"field": "file", "message": detail}])


class StreamedSource:
    """An `UploadSource` over a multipart request body, read once, in order."""

    def __init__(self, request: Request[Any, Any, Any]) -> None:
        content_type = request.headers.get("content-type", "")
        boundary = next(
            (p.split("=", 1)[1].strip('"') for p in content_type.split(";")[1:] if p.strip().startswith("boundary=")),
            "",
        )
        if not content_type.startswith("multipart/form-data") or not boundary:
            raise _invalid("Envoyez le fichier en multipart/form-data, dans le champ `file`.")
        self._body = request.stream()
        self._parser = PushMultipartParser(boundary, max_segment_count=20)
        self._events = self._parse()
        self._fields: dict[str, str] = {}
        self.filename = ""

    async def _parse(self) -> AsyncIterator[Any]:
        try:
            async for data in self._body:
                for event in self._parser.parse(data):
                    yield event
            self._parser.close()
        except ParserError as exc:
            raise _invalid(f"Corps multipart illisible : {exc}") from None

    async def start(self) -> StreamedSource:
        """Read the small fields before the file, up to the `file` part's headers."""
        async for event in self._events:
            if isinstance(event, MultipartSegment):
                if event.name == "file" and event.filename is not None:
                    self.filename = event.filename
                    return self
                await self._read_field(event.name)
        raise _invalid("Aucun fichier dans le champ `file`.")

    async def _read_field(self, name: str) -> None:
        value = bytearray()
        async for event in self._events:
            if event is None:
                break
            value += event
            if len(value) > _FIELD_LIMIT:
                raise InvalidInput(f"Champ `{name}` trop long.", errors=[{"field": name, "message": "trop long"}])
        self._fields[name] = value.decode("utf-8", "replace")

    @property
    def early_fields(self) -> dict[str, str]:
        """The fields sent before the file (read by `start`): the pages' CSRF token among them."""
        return dict(self._fields)

    async def chunks(self) -> AsyncIterator[bytes]:
        async for event in self._events:
            if event is None:
                return
            yield bytes(event)

    async def fields(self) -> dict[str, str]:
        async for event in self._events:
            if isinstance(event, MultipartSegment):
                await self._read_field(event.name)
        return dict(self._fields)
