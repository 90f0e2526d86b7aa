"""R2312-5: « le délai de consultation [...] court à compter de la communication par l'employeur des informations
prévues [...] pour la consultation »: the start follows the earliest communication of the documents."""

from datetime import date

from dialogue.consultations.rules import informed_on_from_documents


def test_r2312_5_delay_runs_from_the_earliest_communication() -> None:
    sent = [date(2026, 3, 5), date(2026, 3, 2)]
    assert informed_on_from_documents(communicated=sent, informed_on=date(2026, 2, 20), override_reason=None) == date(
        2026, 3, 2
    )


def test_r2312_5_without_communicated_document_the_date_given_stays() -> None:
    assert informed_on_from_documents(communicated=[], informed_on=date(2026, 2, 20), override_reason=None) == date(
        2026, 2, 20
    )


def test_r2312_5_a_date_set_by_hand_with_a_reason_stays() -> None:
    day = informed_on_from_documents(
        communicated=[date(2026, 3, 2)], informed_on=date(2026, 2, 27), override_reason="remise en main propre"
    )
    assert day == date(2026, 2, 27)
