"""The délégation's own votes (L2315-32), the suppléant called by L2314-37, presence per item (DOMAIN.md §0.11)."""

from __future__ import annotations

import pytest

from dialogue.bodies.schemas import Role
from dialogue.meetings.rules import (
    DELEGATION_KINDS,
    Attendee,
    ElectedMember,
    ReplacementStep,
    ResolutionKind,
    eligible_voters,
    legal_replacement,
    present_for_item,
    president_votes,
    tally_vote,
)

# --- L2315-32: the président does not vote where the élus deliberate as the délégation du personnel -------------


@pytest.mark.parametrize(
    "kind",
    [
        ResolutionKind.CONSULTATION_OPINION,
        ResolutionKind.EXPERT,
        ResolutionKind.LEGAL_ACTION,  # Cass. soc. 19 oct. 2022, n° 21-18.705
        ResolutionKind.OPERATING_GRANT,
        ResolutionKind.COMMISSION_MEMBERS,
        ResolutionKind.ALERT,  # L2312-63, L4132-4
        ResolutionKind.ASC_MANAGEMENT,
    ],
)
def test_l2315_32_president_does_not_vote_as_delegation(kind: ResolutionKind) -> None:
    assert kind in DELEGATION_KINDS
    assert president_votes(kind) is False


def test_l2315_32_president_votes_on_internal_organisation() -> None:
    """Secretary, treasurer, règlement intérieur, ordinary deliberations: the president is a member who votes."""
    assert president_votes(ResolutionKind.INTERNAL) is True


@pytest.mark.parametrize("setting", [True, False])
def test_pv_adoption_follows_the_body_setting_unverified(setting: bool) -> None:
    """The president's vote on the PV's adoption is unverified in law: the body's setting decides (default yes)."""
    assert president_votes(ResolutionKind.MINUTES) is True
    assert president_votes(ResolutionKind.MINUTES, president_votes_on_minutes=setting) is setting


def _meeting(titulaires: int) -> list[Attendee]:
    people = [Attendee(person_id="p", role=Role.president)]
    return people + [Attendee(person_id=f"t{i}", role=Role.titular) for i in range(titulaires)]


def test_l2315_32_expert_designation_eight_present_four_for_three_against_is_adopted() -> None:
    """8 present including the president; on an expert designation 7 vote, the majority is 4: 4 for is adopted."""
    voters = eligible_voters(attendees=_meeting(7), kind=ResolutionKind.EXPERT)
    assert "p" not in voters
    result = tally_vote(voters=len(voters), votes_for=4, votes_against=3)
    assert (result.voters, result.required_majority, result.adopted) == (7, 4, True)


def test_l2315_32_same_count_with_the_president_voting_is_rejected() -> None:
    """The same 4 for among 8 voters (internal resolution, the president votes) is no majority."""
    voters = eligible_voters(attendees=_meeting(7), kind=ResolutionKind.INTERNAL)
    result = tally_vote(voters=len(voters), votes_for=4, votes_against=3)
    assert (result.voters, result.required_majority, result.adopted) == (8, 5, False)


# --- DOMAIN.md §0.11: presence is per vote ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("position", "arrived", "left", "present"),
    [
        (1, None, None, True),
        (3, None, 2, False),  # left after item 2: not there for item 3
        (2, None, 2, True),
        (1, 2, None, False),  # arrived before item 2: not there for item 1
        (2, 2, None, True),
        (4, 2, 3, False),
    ],
)
def test_presence_per_item_member_who_left_does_not_count(
    position: int, arrived: int | None, left: int | None, present: bool
) -> None:
    assert present_for_item(position=position, arrived_before_item=arrived, left_after_item=left) is present


# --- L2314-37: which suppléant replaces an absent titulaire ------------------------------------------------------

CGT_TITULAIRE = ElectedMember(
    member_id=1, name="T CGT", union_name="CGT", category="ouvriers_employes", electoral_college="1er", votes=120
)


def _s(member_id: int, union: str, category: str, college: str = "1er", votes: int = 50) -> ElectedMember:
    return ElectedMember(
        member_id=member_id,
        name=f"S{member_id}",
        union_name=union,
        category=category,
        electoral_college=college,
        votes=votes,
    )


def test_l2314_37_same_list_same_category_first() -> None:
    """A CFDT suppléant may not replace a CGT titulaire while a CGT suppléant of the same category is present."""
    cfdt, cgt = _s(10, "CFDT", "ouvriers_employes", votes=300), _s(11, "CGT", "ouvriers_employes", votes=10)
    proposal = legal_replacement(CGT_TITULAIRE, [cfdt, cgt])
    assert proposal is not None
    assert (proposal.step, proposal.member_id) == (ReplacementStep.SAME_UNION_SAME_CATEGORY, 11)
    assert proposal.allows(11) and not proposal.allows(10)
    assert "L2314-37" in proposal.article


def test_l2314_37_most_votes_among_several_of_the_same_list_and_category() -> None:
    """Several suppléants of the same union and category: the one with most votes (Cass. soc. 15 janv. 1981)."""
    proposal = legal_replacement(
        CGT_TITULAIRE, [_s(11, "CGT", "ouvriers_employes", votes=40), _s(12, "CGT", "ouvriers_employes", votes=90)]
    )
    assert proposal is not None and (proposal.member_id, proposal.equally_ranked) == (12, (12,))


def test_l2314_37_then_same_list_same_college() -> None:
    """No suppléant of the same category: the same union's suppléant of the same college (other category)."""
    titulaire = ElectedMember(
        member_id=1, name="T", union_name="FO", category="cadres", electoral_college="2e", votes=80
    )
    other_college = _s(20, "FO", "ouvriers_employes", college="1er", votes=200)
    same_college = _s(21, "FO", "techniciens_agents_maitrise", college="2e", votes=30)
    proposal = legal_replacement(titulaire, [other_college, same_college])
    assert proposal is not None
    assert (proposal.step, proposal.member_id) == (ReplacementStep.SAME_UNION_SAME_COLLEGE, 21)


def test_l2314_37_then_same_union_most_votes() -> None:
    """Else the same union's suppléant with most votes, whatever the college (Cass. soc. 18 mai 2022)."""
    titulaire = ElectedMember(member_id=1, name="T", union_name="FO", category="cadres", electoral_college="2e")
    proposal = legal_replacement(
        titulaire, [_s(30, "FO", "ouvriers_employes", votes=10), _s(31, "FO", "ouvriers_employes", votes=70)]
    )
    assert proposal is not None and (proposal.step, proposal.member_id) == (ReplacementStep.SAME_UNION, 31)


def test_l2314_37_then_unelected_candidate_not_kept_in_the_app() -> None:
    """No suppléant of the union: the next unelected candidate of its list, outside the app; the next step's
    suppléant (another list, same category, most votes) is given as the fallback, and needs a recorded reason."""
    proposal = legal_replacement(
        CGT_TITULAIRE, [_s(40, "CFDT", "ouvriers_employes", votes=20), _s(41, "FO", "ouvriers_employes", votes=60)]
    )
    assert proposal is not None
    assert (proposal.step, proposal.member_id, proposal.equally_ranked) == (
        ReplacementStep.UNELECTED_CANDIDATE,
        None,
        (),
    )
    assert proposal.fallback is not None and proposal.fallback.member_id == 41
    assert not proposal.allows(41)


def test_l2314_37_other_list_same_category_most_votes() -> None:
    """A titulaire elected without a union list: a suppléant of the same category with most votes."""
    titulaire = ElectedMember(member_id=1, name="T", union_name=None, category="cadres", electoral_college="2e")
    proposal = legal_replacement(
        titulaire,
        [_s(50, "CGT", "cadres", votes=15), _s(51, "CFDT", "cadres", votes=45), _s(52, "FO", "ouvriers_employes")],
    )
    assert proposal is not None
    assert (proposal.step, proposal.member_id) == (ReplacementStep.OTHER_UNION_SAME_CATEGORY, 51)


def test_l2314_37_nothing_known_leaves_the_choice_free() -> None:
    titulaire = ElectedMember(member_id=1, name="T")
    assert legal_replacement(titulaire, [ElectedMember(member_id=2, name="S")]) is None
