"""The QVT steering committee's work, by job: access, priorities, working groups, discussion spaces, actions.

Who may do what is said in `access`; the barometer lives in `dialogue.qvt.barometer`.
"""

from dialogue.qvt.service.access import can_contribute, can_decide, steering_access
from dialogue.qvt.service.action_decisions import (
    adopt_action,
    evaluate_action,
    experience_sheet_data,
    reject_action,
    start_action,
)
from dialogue.qvt.service.actions import (
    action_read,
    create_action_proposal,
    get_action_proposal,
    list_action_proposals,
    propose_from_outcome,
    update_action_proposal,
)
from dialogue.qvt.service.discussions import (
    FORMAT_LABELS,
    add_outcome,
    create_discussion_session,
    get_discussion_session,
    list_discussion_sessions,
)
from dialogue.qvt.service.priorities import create_priority, delete_priority, list_priorities, update_priority
from dialogue.qvt.service.working_groups import (
    add_group_meeting,
    create_working_group,
    get_working_group,
    list_working_groups,
    update_working_group,
)

__all__ = [
    "FORMAT_LABELS",
    "action_read",
    "add_group_meeting",
    "add_outcome",
    "adopt_action",
    "can_contribute",
    "can_decide",
    "create_action_proposal",
    "create_discussion_session",
    "create_priority",
    "create_working_group",
    "delete_priority",
    "evaluate_action",
    "experience_sheet_data",
    "get_action_proposal",
    "get_discussion_session",
    "get_working_group",
    "list_action_proposals",
    "list_discussion_sessions",
    "list_priorities",
    "list_working_groups",
    "propose_from_outcome",
    "reject_action",
    "start_action",
    "steering_access",
    "update_action_proposal",
    "update_priority",
    "update_working_group",
]
