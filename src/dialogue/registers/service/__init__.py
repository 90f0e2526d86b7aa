"""Register services, one module per job; each public function owns its transaction.

- `reads`: registers and entries as readers see them (confidential entries redacted, L2315-3);
- `submission`: opening a register, writing an entry (numbered, chained, notified);
- `group_commit`: concurrent entries of one register written by one transaction;
- `answers`: the employer's answer (L2315-22), the DGI steps (L4132-2 to L4132-4), the closing;
- `integrity`: verifying the chain, for readers and the weekly head-digest mail;
- `exports`: CSV, HTML and PDF prints with the chain digest;
- `common`: the clock, who may do what, the events' common part.
"""

from __future__ import annotations

from dialogue.registers.service import common
from dialogue.registers.service.answers import close_entry, post_response, record_dgi_step
from dialogue.registers.service.exports import RegisterExport, export_csv, export_html, export_pdf
from dialogue.registers.service.integrity import ChangedRegister, changed_registers, check_register, verify_register
from dialogue.registers.service.reads import get_entry, get_register, list_entries, list_registers
from dialogue.registers.service.submission import KIND_TITLES, create_register, submit_entry

__all__ = [
    "KIND_TITLES",
    "ChangedRegister",
    "RegisterExport",
    "changed_registers",
    "check_register",
    "close_entry",
    "common",
    "create_register",
    "export_csv",
    "export_html",
    "export_pdf",
    "get_entry",
    "get_register",
    "list_entries",
    "list_registers",
    "post_response",
    "record_dgi_step",
    "submit_entry",
    "verify_register",
]
