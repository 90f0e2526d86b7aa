"""Mailed account links (issue 17): random, stored as a digest, single-use, expiring; and the audit trail read
in words by an admin (no code, no None)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dialogue.accounts.rules import LIFETIME, Purpose, expires_at, new_token, token_digest, usable, well_formed
from dialogue.administration.journal import describe

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def test_a_token_is_random_url_safe_and_stored_only_as_its_sha256() -> None:
    tokens = {new_token() for _ in range(200)}
    assert len(tokens) == 200
    assert all(well_formed(t) for t in tokens)
    token = next(iter(tokens))
    assert len(token_digest(token)) == 64 and token not in token_digest(token)
    assert token_digest(token) == token_digest(token)


def test_malformed_tokens_are_refused_before_any_query() -> None:
    for bad in ("", "x", "A" * 42, "A" * 44, "A" * 42 + "/", "A" * 42 + "é"):
        assert not well_formed(bad), bad


def test_a_reset_link_works_an_hour_an_invitation_a_week_and_each_only_once() -> None:
    assert LIFETIME[Purpose.reset] == timedelta(hours=1)
    reset = expires_at(Purpose.reset, NOW)
    assert usable(expires=reset, used=None, now=NOW + timedelta(minutes=59))
    assert not usable(expires=reset, used=None, now=NOW + timedelta(hours=1))
    assert not usable(expires=reset, used=NOW, now=NOW + timedelta(minutes=1))
    assert expires_at(Purpose.invitation, NOW) == NOW + timedelta(days=7)


def _row(**fields: object) -> dict[str, object]:
    return {"at": NOW, "actor_name": "Agnès Collin", "entity_id": "12", "before": None, "after": None, **fields}


def test_journal_lines_name_the_item_the_action_and_the_changes_in_french() -> None:
    line = describe(
        _row(
            entity="establishment",
            action="update",
            before={"cpom": False, "cpom_signed_on": None},
            after={"cpom": True, "cpom_signed_on": "2024-03-01"},
        )
    )
    assert (line.who, line.entity, line.action) == ("Agnès Collin", "Établissement n° 12", "Modification")
    assert line.details == ["CPOM signé : non → oui", "CPOM signé le : 01/03/2024"]


def test_journal_lines_show_no_code_and_no_none() -> None:
    line = describe(
        _row(
            entity="user", action="deactivate", actor_name=None, before={"is_active": True}, after={"is_active": False}
        )
    )
    assert (line.who, line.entity, line.action) == ("Système", "Compte n° 12", "Compte désactivé")
    assert line.details == ["Actif : oui → non"]
    unknown = describe(_row(entity="gizmo", action="frobnicate", after={"weird_code": "x", "other": None}))
    assert (unknown.entity, unknown.action) == ("Autre élément n° 12", "Action enregistrée")
    assert unknown.details == ["1 donnée(s) enregistrée(s)"]
    member = describe(
        _row(
            entity="member",
            action="create",
            after={"full_name": "Lucie Roy", "role": "substitute", "college": "elus", "union_name": "CFDT"},
        )
    )
    assert member.entity == "Membre d'une instance : Lucie Roy"
    assert member.details == ["Siège attribué : suppléant (Élus), CFDT"]
    text = " ".join([member.entity, member.action, *member.details, unknown.entity, *unknown.details])
    for code in ("None", "substitute", "elus", "gizmo", "frobnicate", "weird_code"):
        assert code not in text
