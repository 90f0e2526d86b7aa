"""Where a consultation's `informed_on` comes from (R2312-5: the delay runs from the communication of the
information), as the consultation page shows it."""

from __future__ import annotations

from datetime import date

from dialogue.consultations.evidence import InformedOn, informed_on_origin

MARCH_2 = date(2026, 3, 2)


def test_r2312_5_documents_sent_with_the_convocation_of_2_march_set_the_date() -> None:
    found = informed_on_origin(informed_on=MARCH_2, override_reason=None, communicated=[date(2026, 3, 9), MARCH_2])
    assert found == InformedOn(day=MARCH_2, origin="documents")


def test_r2312_5_a_date_set_by_hand_keeps_its_reason_even_with_documents() -> None:
    found = informed_on_origin(
        informed_on=date(2026, 2, 27), override_reason="Remise en main propre", communicated=[MARCH_2]
    )
    assert found == InformedOn(day=date(2026, 2, 27), origin="override", reason="Remise en main propre")


def test_l2312_16_without_documents_or_once_final_the_date_is_the_one_typed_at_the_opening() -> None:
    assert informed_on_origin(informed_on=MARCH_2, override_reason=None, communicated=[]).origin == "opening"
    final = informed_on_origin(informed_on=date(2026, 1, 5), override_reason=None, communicated=[MARCH_2])
    assert final == InformedOn(day=date(2026, 1, 5), origin="opening")
