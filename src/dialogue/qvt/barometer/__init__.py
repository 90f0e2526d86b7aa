"""The annual QVT barometer, by job: campaigns, invitations (single-use links), answering, closing, results.

Anonymity by design (the issue's hard requirement):
- a link stores only the SHA-256 digest of its code, its group and a `used` flag — no email, no name, no
  time of use; codes sent by email exist only in the `BarometerInvitationsCreated` event;
- an answer sheet stores the campaign and the respondent's group (establishment, department, an optional
  self-declared staff category), with a random key: no link id, no address, no timestamp, no counter;
- the link is marked used in the answer's transaction, and every link row of the campaign is rewritten in
  that transaction, so PostgreSQL's row transaction ids (xmin) cannot pair a response with its link;
  closing the campaign rewrites the answers too;
- no audit record and no domain event is written for an answer (each would carry a time);
- results exist only once the campaign is closed (watching them change would reveal each new answer),
  only for groups of at least `min_group_size` (≥ 5), with one complementary suppression over every
  breakdown at once (barometer_suppression), and only for the steering committee's members, who alone
  read the free text — without any group, in a random order;
- live counts are hidden under the threshold (zero too) and move by steps of the threshold;
- codes created after opening are flagged to the whole committee, and a group served mostly by them is
  withheld;
- closing deletes and reinserts the campaign's answer rows in a random order (no storage order of arrival).
"""

from dialogue.qvt.barometer.answering import AnswerForm, answer_form, submit_response
from dialogue.qvt.barometer.campaigns import (
    close_barometer,
    create_barometer,
    get_barometer,
    list_barometers,
    open_barometer,
    set_questions,
    update_barometer,
)
from dialogue.qvt.barometer.indicators import qvt_indicators
from dialogue.qvt.barometer.invitations import create_invitations, participation, public_url
from dialogue.qvt.barometer.reads import LinkGone, effective_status
from dialogue.qvt.barometer.results import barometer_results, compute_results

__all__ = [
    "AnswerForm",
    "LinkGone",
    "answer_form",
    "barometer_results",
    "close_barometer",
    "compute_results",
    "create_barometer",
    "create_invitations",
    "effective_status",
    "get_barometer",
    "list_barometers",
    "open_barometer",
    "participation",
    "public_url",
    "qvt_indicators",
    "set_questions",
    "submit_response",
    "update_barometer",
]
