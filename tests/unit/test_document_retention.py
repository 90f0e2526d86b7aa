"""Retention of the texts of the CSE (documents/retention.py): cases from L4121-3-1 V A and R4121-4 C. trav. (the
DUERP, 40 years from each version's élaboration, the version in force never purged), L123-22 C. com. (accounts,
10 years), and the configurable defaults where no text was found."""

from __future__ import annotations

from datetime import date

import pytest

from dialogue.core.errors import InvalidInput
from dialogue.documents.kinds import KINDS, DocumentKind, parse_kind
from dialogue.documents.retention import DEFAULT_YEARS, Expired, expired, retained_until, retention_years

UPLOADED = date(2026, 3, 1)


def _expired(kind: DocumentKind, today: date, *, current: bool = False, **overrides: int | None) -> Expired | None:
    return expired(kind=kind, uploaded_on=UPLOADED, is_current=current, today=today, years=retention_years(overrides))


def test_r4121_4_duerp_version_kept_40_years_from_its_elaboration() -> None:
    assert _expired("duerp", date(2066, 3, 1)) is None
    assert _expired("duerp", date(2066, 3, 2)) == Expired(until=date(2066, 3, 1), years=40)


def test_l4121_3_1_duerp_in_force_never_purged() -> None:
    assert _expired("duerp", date(2126, 3, 2), current=True) is None


def test_l123_22_accounts_kept_ten_years() -> None:
    assert _expired("comptes", date(2036, 3, 1)) is None
    assert _expired("comptes", date(2036, 3, 2)) == Expired(until=date(2036, 3, 1), years=10)


def test_l123_22_accounts_current_version_purged_after_ten_years() -> None:
    assert _expired("comptes", date(2036, 3, 2), current=True) == Expired(until=date(2036, 3, 1), years=10)


def test_pv_has_no_legal_period_ten_years_by_default_and_configurable() -> None:
    assert DEFAULT_YEARS["pv"] == 10
    assert _expired("pv", date(2031, 3, 2)) is None
    assert _expired("pv", date(2031, 3, 2), pv=5) == Expired(until=date(2031, 3, 1), years=5)
    assert _expired("pv", date(2200, 1, 1), pv=None) is None


@pytest.mark.parametrize("kind", [k for k in KINDS if k not in {"duerp", "comptes", "pv"}])
def test_kinds_without_a_known_period_are_kept_without_end(kind: DocumentKind) -> None:
    assert DEFAULT_YEARS[kind] is None
    assert _expired(kind, date(2200, 1, 1)) is None


def test_registers_get_a_period_when_the_organisation_sets_one() -> None:
    assert _expired("registre", date(2036, 3, 2), registre=10) == Expired(until=date(2036, 3, 1), years=10)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"duerp": 39}, "duerp: at least 40 years"),
        ({"comptes": 9}, "comptes: at least 10 years"),
        ({"pv": 0}, "pv: at least 1 years"),
        ({"minutes": 5}, "unknown document kind 'minutes'"),
    ],
)
def test_l4121_3_1_and_l123_22_floors_refuse_shorter_settings(overrides: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        retention_years(overrides)


def test_l4121_3_1_duerp_may_be_kept_longer_or_without_end() -> None:
    assert retention_years({"duerp": 50})["duerp"] == 50
    assert retention_years({"duerp": None})["duerp"] is None


def test_retention_of_a_29_february_upload_ends_on_the_28th_in_a_common_year() -> None:
    assert retained_until(date(2028, 2, 29), 10) == date(2038, 2, 28)
    assert retained_until(date(2028, 2, 29), 40) == date(2068, 2, 29)


def test_parse_kind_defaults_to_other_and_names_the_field_when_unknown() -> None:
    assert parse_kind(None) == "other"
    assert parse_kind("  duerp ") == "duerp"
    with pytest.raises(InvalidInput) as caught:
        parse_kind("minutes")
    assert caught.value.errors == [{"field": "kind", "message": "attendu : " + ", ".join(KINDS)}]
