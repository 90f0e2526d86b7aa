"""The register printed or exported (CSV, HTML, PDF), with its chain digest and verification."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dialogue.core.actor import Actor
from dialogue.integrity import ChainKey
from dialogue.registers import exports
from dialogue.registers import repository as repo
from dialogue.registers.rules import RegisterKind
from dialogue.registers.schemas import EntryRead, VerifyRead
from dialogue.registers.service import common
from dialogue.registers.service.integrity import verify_register
from dialogue.registers.views import LEGAL_BASIS, entry_reads


@dataclass(frozen=True, slots=True)
class RegisterExport:
    """A rendered export and the file name it is served under."""

    content: bytes
    filename: str


@dataclass(frozen=True, slots=True)
class _Snapshot:
    register: Mapping[str, Any]
    body_name: str
    entries: list[EntryRead]
    verify: VerifyRead

    @property
    def digest(self) -> str:
        return self.verify.head.digest if self.verify.head else "registre vide, aucune empreinte"

    def filename(self, extension: str) -> str:
        return f"registre-{self.register['kind']}-{self.register['id']}.{extension}"

    def printed(self) -> exports.PrintedRegister:
        return exports.PrintedRegister(
            title=self.register["title"],
            body_name=self.body_name,
            legal_basis=LEGAL_BASIS[RegisterKind(self.register["kind"])],
            entries=self.entries,
            digest=self.digest,
            valid=self.verify.valid,
            first_broken=self.verify.first_broken,
            printed_at=self.verify.checked_at,
            last_write=self.last_write(),
        )

    def last_write(self) -> datetime:
        created: datetime = self.register["created_at"]
        moments = [created] + [e.submitted_at for e in self.entries]
        moments += [r.submitted_at for e in self.entries for r in e.responses]
        return max(moments)


async def _snapshot(*, actor: Actor, register_id: int, chain_key: ChainKey) -> _Snapshot:
    """Everything a printed register shows; confidential entries redacted for readers outside the body."""
    register, access = await common.register_access(actor=actor, register_id=register_id)
    access.require_read()
    rows = await repo.all_entries(register_id)
    entries = await entry_reads(rows, register=register, access=access, now=common.now())
    verify = await verify_register(actor=actor, register_id=register_id, chain_key=chain_key)
    return _Snapshot(register=register, body_name=access.name, entries=entries, verify=verify)


async def export_csv(*, actor: Actor, register_id: int, chain_key: ChainKey) -> RegisterExport:
    """The ledger as CSV, one row per record, hashes included (to re-verify outside the application)."""
    snapshot = await _snapshot(actor=actor, register_id=register_id, chain_key=chain_key)
    return RegisterExport(
        content=exports.render_csv(snapshot.entries).encode("utf-8"), filename=snapshot.filename("csv")
    )


async def export_html(*, actor: Actor, register_id: int, chain_key: ChainKey) -> RegisterExport:
    """The printable register: numbered pages with the chain digest on each (D4132-1, D4133-1)."""
    s = await _snapshot(actor=actor, register_id=register_id, chain_key=chain_key)
    return RegisterExport(content=exports.render_html(s.printed()).encode("utf-8"), filename=s.filename("html"))


async def export_pdf(*, actor: Actor, register_id: int, chain_key: ChainKey) -> RegisterExport:
    """The register as an A4 PDF: "Page X / Y" and the chain digest in every page's footer."""
    s = await _snapshot(actor=actor, register_id=register_id, chain_key=chain_key)
    return RegisterExport(content=exports.render_register_pdf(s.printed()), filename=s.filename("pdf"))
