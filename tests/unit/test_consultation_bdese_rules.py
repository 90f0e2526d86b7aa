"""R2312-5 with the BDESE: the delay runs from the communication of the information or from the notice that it is
in the BDESE; the earliest of the documents communicated and the items published, unless set by hand."""

from __future__ import annotations

from datetime import date

from dialogue.consultations.evidence import informed_on_origin
from dialogue.consultations.rules import informed_on_from_documents

OPENED = date(2026, 2, 20)


def test_r2312_5_an_item_published_on_2_march_starts_the_delay_on_2_march() -> None:
    day = informed_on_from_documents(
        communicated=[], published=[date(2026, 3, 2)], informed_on=OPENED, override_reason=None
    )
    assert day == date(2026, 3, 2)


def test_r2312_5_the_earliest_of_documents_and_bdese_notices_counts() -> None:
    day = informed_on_from_documents(
        communicated=[date(2026, 3, 5)],
        published=[date(2026, 3, 9), date(2026, 3, 3)],
        informed_on=OPENED,
        override_reason=None,
    )
    assert day == date(2026, 3, 3)


def test_r2312_5_a_date_set_by_hand_with_a_reason_stays() -> None:
    day = informed_on_from_documents(
        communicated=[], published=[date(2026, 3, 2)], informed_on=date(2026, 3, 5), override_reason="annexes"
    )
    assert day == date(2026, 3, 5)


def test_r2312_5_without_communication_nor_bdese_notice_the_opening_date_stays() -> None:
    assert informed_on_from_documents(communicated=[], published=[], informed_on=OPENED, override_reason=None) == OPENED


def test_r2312_5_origin_names_the_bdese_notice() -> None:
    found = informed_on_origin(
        informed_on=date(2026, 3, 2),
        override_reason=None,
        communicated=[date(2026, 3, 5)],
        published=[date(2026, 3, 2)],
    )
    assert (found.origin, found.day) == ("bdese", date(2026, 3, 2))
