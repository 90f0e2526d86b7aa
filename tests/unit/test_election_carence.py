"""PV de carence rules: publication and 15-day sending to the labour inspector (L2314-9), 6-month wait before a
new election on request (L2314-8)."""

from __future__ import annotations

from datetime import date

from dialogue.elections import rules


def test_l2314_9_sent_within_fifteen_days_no_alert() -> None:
    status = rules.carence_status(
        carence_on=date(2026, 3, 24), published_on=date(2026, 3, 25), sent_on=date(2026, 4, 8), today=date(2026, 5, 1)
    )
    assert status.send_by == date(2026, 4, 8)
    assert not status.sent_late and not status.overdue and status.alert is None


def test_l2314_9_not_sent_after_fifteen_days_is_overdue() -> None:
    status = rules.carence_status(
        carence_on=date(2026, 3, 24), published_on=date(2026, 3, 25), sent_on=None, today=date(2026, 4, 9)
    )
    assert status.overdue and status.alert is not None and "L2314-9" in status.alert
    on_time = rules.carence_status(
        carence_on=date(2026, 3, 24), published_on=date(2026, 3, 25), sent_on=None, today=date(2026, 4, 8)
    )
    assert not on_time.overdue and on_time.alert is None


def test_l2314_9_sent_late_and_publication_missing() -> None:
    late = rules.carence_status(
        carence_on=date(2026, 3, 24), published_on=date(2026, 3, 25), sent_on=date(2026, 4, 9), today=date(2026, 5, 1)
    )
    assert late.sent_late and "08/04/2026" in (late.alert or "")
    unpublished = rules.carence_status(
        carence_on=date(2026, 3, 24), published_on=None, sent_on=date(2026, 3, 30), today=date(2026, 5, 1)
    )
    assert "connaissance du personnel" in (unpublished.alert or "")


def test_l2314_8_request_possible_six_months_after_the_carence() -> None:
    status = rules.carence_status(carence_on=date(2026, 8, 31), published_on=None, sent_on=None, today=date(2026, 9, 1))
    assert status.request_possible_from == date(2027, 2, 28)  # end of month clamps
    problem = rules.request_too_early(requested_on=date(2027, 2, 27), last_carence_on=date(2026, 8, 31))
    assert problem is not None and "L2314-8" in problem and "28/02/2027" in problem
    assert rules.request_too_early(requested_on=date(2027, 2, 28), last_carence_on=date(2026, 8, 31)) is None
    assert rules.request_too_early(requested_on=date(2026, 9, 1), last_carence_on=None) is None
    # A request made before the carence is not governed by it.
    assert rules.request_too_early(requested_on=date(2026, 8, 1), last_carence_on=date(2026, 8, 31)) is None


def test_cerfa_15248_reasons_have_french_labels() -> None:
    assert set(rules.CARENCE_REASON_LABELS) == {r.value for r in rules.CarenceReason}
