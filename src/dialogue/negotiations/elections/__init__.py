"""What frames the negotiations, one module per job: `results` (the election's 1st round and representativeness,
L2122-1), `method_agreements` (L2242-11), `sections` (sections syndicales, L2142-1) and `nao` (the NAO calendar,
the obligation and the unions' requests, L2242-1, L2242-13)."""

from dialogue.negotiations.elections.method_agreements import create_method_agreement, list_method_agreements
from dialogue.negotiations.elections.nao import (
    convene_nao_request,
    forward_nao_request,
    list_nao_requests,
    nao_obligation,
    nao_schedule,
    request_nao,
)
from dialogue.negotiations.elections.results import (
    election_in_force,
    get_election_result,
    list_election_results,
    record_election_results,
    scores_of,
)
from dialogue.negotiations.elections.sections import end_union_section, list_union_sections, record_union_section

__all__ = [
    "convene_nao_request",
    "create_method_agreement",
    "election_in_force",
    "end_union_section",
    "forward_nao_request",
    "get_election_result",
    "list_election_results",
    "list_method_agreements",
    "list_nao_requests",
    "list_union_sections",
    "nao_obligation",
    "nao_schedule",
    "record_election_results",
    "record_union_section",
    "request_nao",
    "scores_of",
]
