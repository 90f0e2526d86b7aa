"""Votes of the body (L2315-32): who votes, presence per item (DOMAIN.md §0.11), the tally."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from dialogue.bodies.schemas import TITULAR_ROLES, Role
from dialogue.core.errors import InvalidRuleInput


class InconsistentVote(InvalidRuleInput):
    """Attendance or ballots that cannot be true (L2315-32)."""


# --- Votes (L2315-32) ---------------------------------------------------------------------------------------


class ResolutionKind(StrEnum):
    """What a vote decides, which says whether the president votes (L2315-32; DOMAIN.md §0.4)."""

    CONSULTATION_OPINION = "avis"  # délégation du personnel: the president does not vote (L2315-32)
    ASC_MANAGEMENT = "asc"  # president excluded (Cass. soc. 25 Jan. 1995, n° 92-16.778)
    EXPERT = "expertise"  # designating an expert (L2315-78 s.): the élus decide, as the délégation
    LEGAL_ACTION = "justice"  # mandating a member to act in court (Cass. soc. 19 oct. 2022, n° 21-18.705)
    OPERATING_GRANT = "subvention"  # using the subvention de fonctionnement (L2315-61)
    COMMISSION_MEMBERS = "commission"  # choosing the members of the commissions
    ALERT = "alerte"  # economic alert (L2312-63), DGI disagreement facing the employer (L4132-4)
    MINUTES = "pv"  # adopting the PV: UNVERIFIED, the body's setting says whether the president votes
    INTERNAL = "interne"  # internal organisation (secretary, treasurer, règlement intérieur), other deliberations


#: Votes of the élus as délégation du personnel: the president does not take part (L2315-32; DOMAIN.md §0.4).
DELEGATION_KINDS = frozenset(
    {
        ResolutionKind.CONSULTATION_OPINION,
        ResolutionKind.ASC_MANAGEMENT,
        ResolutionKind.EXPERT,
        ResolutionKind.LEGAL_ACTION,
        ResolutionKind.OPERATING_GRANT,
        ResolutionKind.COMMISSION_MEMBERS,
        ResolutionKind.ALERT,
    }
)


def president_votes(kind: ResolutionKind, *, president_votes_on_minutes: bool = True) -> bool:
    """L2315-32: the president does not vote where the élus deliberate as the délégation du personnel (opinions,
    expert, court action, operating grant, commissions, alerts); he votes on the CSE's internal organisation. On the
    PV's adoption the law is unverified: the body's setting decides (default: he votes)."""
    if kind is ResolutionKind.MINUTES:
        return president_votes_on_minutes
    return kind not in DELEGATION_KINDS


def present_for_item(*, position: int, arrived_before_item: int | None, left_after_item: int | None) -> bool:
    """Presence is per vote (DOMAIN.md §0.11): a member who arrived before item `arrived_before_item` and left after
    item `left_after_item` was there for the items between them, both included; None means from the start, or to
    the end."""
    if arrived_before_item is not None and position < arrived_before_item:
        return False
    return left_after_item is None or position <= left_after_item


@dataclass(frozen=True, slots=True, kw_only=True)
class Attendee:
    person_id: str
    role: Role  # the role held in the body (bodies.schemas.Role, stored as is)
    replaces: str | None = None  # for a suppléant: the absent titulaire they stand in for (L2314-1)


@dataclass(frozen=True, slots=True, kw_only=True)
class VoteResult:
    voters: int
    votes_for: int
    votes_against: int
    abstentions: int
    blank: int
    void: int
    not_cast: int
    required_majority: int
    adopted: bool

    @property
    def counted_against(self) -> int:
        """Everything that is not a vote for counts against (L2315-32: majority of members present)."""
        return self.voters - self.votes_for


def eligible_voters(
    *, attendees: Sequence[Attendee], kind: ResolutionKind, president_votes_on_minutes: bool = True
) -> tuple[str, ...]:
    """Who votes (L2315-32): titulaires present, suppléants replacing an absent titulaire, and the president
    except where the élus vote as the délégation du personnel (`president_votes`); union representatives and
    guests never vote."""
    ids = [a.person_id for a in attendees]
    if len(set(ids)) != len(ids):
        raise InconsistentVote("une même personne figure deux fois parmi les présents")
    if sum(a.role is Role.president for a in attendees) > 1:
        raise InconsistentVote("une réunion n'a qu'un président")
    present, replaced = set(ids), [a.replaces for a in attendees if a.replaces is not None]
    if any(a.replaces is not None and a.role is not Role.substitute for a in attendees):
        raise InconsistentVote("seul un suppléant remplace un titulaire (art. L2314-1)")
    if len(set(replaced)) != len(replaced) or present.intersection(replaced):
        raise InconsistentVote("un titulaire présent ou déjà remplacé ne peut pas être remplacé (art. L2314-1)")
    president_in = president_votes(kind, president_votes_on_minutes=president_votes_on_minutes)
    return tuple(
        a.person_id
        for a in attendees
        if a.role in TITULAR_ROLES
        or (a.role is Role.substitute and a.replaces is not None)
        or (a.role is Role.president and president_in)
    )


def tally_vote(
    *, voters: int, votes_for: int, votes_against: int, abstentions: int = 0, blank: int = 0, void: int = 0
) -> VoteResult:
    """L2315-32: adopted by the majority of the members present entitled to vote (half + 1); abstentions,
    blank and void ballots, and members who do not vote, count against."""
    counts = (voters, votes_for, votes_against, abstentions, blank, void)
    if min(counts) < 0:
        raise InconsistentVote("les nombres de votants et de voix ne peuvent pas être négatifs")
    if voters == 0:
        raise InconsistentVote("aucun membre présent n'a le droit de vote")
    cast = votes_for + votes_against + abstentions + blank + void
    if cast > voters:
        raise InconsistentVote(f"{cast} bulletins pour {voters} votants : plus de bulletins que de votants")
    required = voters // 2 + 1
    return VoteResult(
        voters=voters,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        blank=blank,
        void=void,
        not_cast=voters - cast,
        required_majority=required,
        adopted=votes_for >= required,
    )
