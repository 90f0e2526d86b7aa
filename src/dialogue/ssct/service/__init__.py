"""SSCT services of a CSE or CSSCT (L2312-13), one module per job; each public function owns its transaction.

- `missions`: inspections, inquiries and analyses, their lifecycle and report;
- `actions`: the follow-up actions, the employer's answers, the reminders;
- `accidents`: serious accidents and occupational diseases (L2314-3);
- `obligations`: the yearly obligations (R2312-4 inspections, L2312-13 inquiries, R4121-2 DUERP);
- `common`: who works on missions, where they are kept, input checks, the audit row.
"""

from __future__ import annotations

from dialogue.ssct.service import common
from dialogue.ssct.service.accidents import list_accidents, record_accident
from dialogue.ssct.service.actions import (
    add_action,
    answer_action,
    list_actions,
    list_body_actions,
    remind_due_actions,
    update_action,
)
from dialogue.ssct.service.missions import (
    change_mission_status,
    create_mission,
    get_mission,
    list_missions,
    update_mission,
)
from dialogue.ssct.service.obligations import obligations

__all__ = [
    "add_action",
    "answer_action",
    "change_mission_status",
    "common",
    "create_mission",
    "get_mission",
    "list_accidents",
    "list_actions",
    "list_body_actions",
    "list_missions",
    "obligations",
    "record_accident",
    "remind_due_actions",
    "update_action",
    "update_mission",
]
