"""Rules of the règlement intérieur (L2315-24): its parameters stay within the legal floors, the latest adoption
is in force."""

from __future__ import annotations

from datetime import date

from dialogue.reglement.rules import Adoption, in_force, parameter_errors


def test_l2315_30_ri_cannot_shorten_the_3_day_agenda_notice() -> None:
    errors = parameter_errors(agenda_notice_days=2, visio_max_per_year=None, minutes_delay_days=None)
    assert errors == [{"field": "parameters.agenda_notice_days", "message": "au moins 3 jours (L2315-30)"}]


def test_l2315_24_ri_may_set_a_longer_notice_and_its_own_limits() -> None:
    assert parameter_errors(agenda_notice_days=5, visio_max_per_year=0, minutes_delay_days=8) == []


def test_negative_visio_limit_and_zero_pv_delay_refused() -> None:
    errors = parameter_errors(agenda_notice_days=3, visio_max_per_year=-1, minutes_delay_days=0)
    assert [e["field"] for e in errors] == ["parameters.visio_max_per_year", "parameters.minutes_delay_days"]


def test_latest_adoption_is_in_force_and_none_before_the_first() -> None:
    first, second = Adoption(id=1, adopted_on=date(2025, 3, 1)), Adoption(id=2, adopted_on=date(2026, 3, 1))
    assert in_force([first, second], today=date(2026, 6, 1)) == second
    assert in_force([second, first], today=date(2025, 6, 1)) == first
    assert in_force([first], today=date(2025, 2, 28)) is None
    same_day = Adoption(id=3, adopted_on=date(2026, 3, 1))
    assert in_force([second, same_day], today=date(2026, 3, 1)) == same_day
