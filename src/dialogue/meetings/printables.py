"""Printables of a meeting, pure rendering (data in, A4 PDF bytes out): the convocation letter with its agenda,
annexes and recipients (L2315-30, L2316-17, L2315-29), and the attendance sheet to sign (feuille d'émargement)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final, Protocol

from dialogue.core.clock import FRENCH_WEEKDAYS
from dialogue.core.documents import Block, BulletList, Section, Table, french_date, render_pdf, signatures_block
from dialogue.meetings.drafting import MeetingHeader

CONFIDENTIAL: Final = "Point confidentiel (art. L2315-3)"
CONFIDENTIAL_ANNEX: Final = "Annexe confidentielle (art. L2315-3)"
MEETING_KINDS: Final = {"ordinary": "ordinaire", "extraordinary": "extraordinaire", "ssct": "ordinaire"}
ITEM_KINDS: Final = {
    "information": "Information",
    "consultation": "Consultation",
    "vote": "Délibération",
    "question": "Question",
    "ssct": "Santé, sécurité et conditions de travail",
}
#: The recipients' groups, in the letter's order: (title, roles or capacities).
RECIPIENT_GROUPS: Final = (
    ("Membres titulaires, convoqués", frozenset({"secretary", "deputy_secretary", "treasurer", "titular"})),
    ("Membres suppléants, pour information (art. L2314-1)", frozenset({"substitute"})),
    ("Représentants syndicaux, voix consultative (art. L2314-2)", frozenset({"union_representative"})),
)
#: What the attendance sheet says of quorum: the Code requires none; the majority of members present decides.
QUORUM_MENTION: Final = (
    "Le Code du travail ne fixe aucun quorum : le comité délibère valablement quel que soit le nombre de membres "
    "présents, ses résolutions étant prises à la majorité des membres présents (art. L2315-32), sauf clause "
    "contraire du règlement intérieur. Le suppléant présent ne vote que lorsqu'il remplace un titulaire absent "
    "(art. L2314-1)."
)


class Annex(Protocol):
    """A document sent with the convocation (the documents module provides them)."""

    @property
    def title(self) -> str: ...
    @property
    def filename(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def sha256(self) -> str: ...
    @property
    def confidential(self) -> bool: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class AgendaLine:
    """An item of the agenda as printed; `hidden` when the reader may not see its confidential content."""

    position: int
    title: str
    kind: str
    vote_expected: bool
    confidential: bool = False
    hidden: bool = False
    legal_basis: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    """Someone on the letter or on the sheet: name, role or capacity (code), college, union, and its label."""

    name: str
    role: str
    label: str
    college: str | None = None
    union: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PrintedMeeting(MeetingHeader):
    """What identifies the meeting on both printables (local times): the head every meeting document states
    (`meetings.drafting.MeetingHeader`), the organisation, and whether it is still a draft."""

    organization: str
    draft: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ConvocationLetter:
    header: PrintedMeeting
    delay: str
    agenda_basis: str
    president: str | None
    secretary: str | None
    joint: bool
    agenda: Sequence[AgendaLine]
    annexes: Sequence[Annex]
    recipients: Sequence[Person]
    dated: date


def long_day(day: date) -> str:
    """ "mardi 12 janvier 2027"."""
    return f"{FRENCH_WEEKDAYS[day.weekday()]} {french_date(day)}"


def delay_sentence(*, article: str | None, days: int | None, urgency_article: str | None) -> str:
    """The legal ground of the letter's delay: 3 days for a CSE (L2315-30), 8 for a CSE central (L2316-17), a
    longer one of the règlement intérieur, none under a statutory urgency (L4132-3, L2315-27 al. 2)."""
    if urgency_article:
        return f"Réunion d'urgence convoquée sans délai de prévenance (art. {urgency_article} du Code du travail)."
    if article is None or days is None:
        return "Aucun délai légal de communication de l'ordre du jour ne s'applique à cette instance."
    source = "le règlement intérieur" if article[:1] not in "LRD" else f"l'article {article} du Code du travail"
    return f"L'ordre du jour est communiqué au moins {days} jours avant la séance, comme le prévoit {source}."


def agenda_basis_sentence(*, basis: str | None, article: str) -> str:
    """Who drew up the agenda: the president and the secretary jointly in a CSE >= 50 (L2315-29) or a CSE central
    (L2316-17); the employer below 50 (L2315-21) or without a secretary; the mandatory consultations alone,
    de plein droit, when the secretary disagreed (L2315-29 al. 2)."""
    cite = f" (art. {article} du Code du travail)" if article else ""
    sentences = {
        "joint_agenda": f"L'ordre du jour a été arrêté conjointement par le président et le secrétaire{cite}.",
        "employer_below_50": f"L'ordre du jour est arrêté par l'employeur{cite}.",
        "employer_no_secretary": f"En l'absence de secrétaire, l'ordre du jour est arrêté par le président{cite}.",
        "no_joint_rule": "L'ordre du jour est arrêté par le président.",
        "plein_droit": "Faute d'accord du secrétaire, les consultations obligatoires sont inscrites de plein droit "
        f"à l'ordre du jour{cite}.",
    }
    if basis is None:
        return f"L'ordre du jour n'est pas encore arrêté par le président et le secrétaire{cite}."
    return sentences[basis]


def agenda_line_text(line: AgendaLine) -> str:
    """One numbered item: the title (or its confidential mention), its kind, whether a vote is expected."""
    title = CONFIDENTIAL if line.hidden else line.title
    parts = [ITEM_KINDS.get(line.kind, line.kind)]
    if line.vote_expected:
        parts.append("vote prévu")
    if line.confidential and not line.hidden:
        parts.append("informations confidentielles (art. L2315-3)")
    if line.legal_basis and not line.hidden:
        parts.append(line.legal_basis)
    return f"{title} — {', '.join(parts)}"


def annex_row(annex: Annex, *, sees_confidential: bool) -> tuple[str, str, str, str]:
    """Title, file, version and the SHA-256 shortened to 16 hex digits (enough to compare with the file)."""
    hidden = annex.confidential and not sees_confidential
    return (
        CONFIDENTIAL_ANNEX if hidden else annex.title,
        "—" if hidden else annex.filename,
        f"v{annex.version}",
        annex.sha256[:16],
    )


def hour(moment: datetime) -> str:
    """ "14 h", "9 h 30"."""
    return f"{moment.hour} h" + (f" {moment.minute:02d}" if moment.minute else "")


def _when(header: PrintedMeeting) -> str:
    return f"le {long_day(header.starts_at.date())}, de {hour(header.starts_at)} à {hour(header.ends_at)}"


def _where(header: PrintedMeeting) -> str:
    places = [p for p in (header.location, f"en visioconférence : {header.visio_url}" if header.visio_url else "") if p]
    return " ; ".join(places) if places else "lieu à préciser"


def _recipients(people: Sequence[Person]) -> list[Block | str]:
    blocks: list[Block | str] = []
    grouped = {role for _, roles in RECIPIENT_GROUPS for role in roles}
    groups = [*RECIPIENT_GROUPS, ("Invités", frozenset(p.role for p in people if p.role not in grouped))]
    for title, roles in groups:
        names = [p for p in people if p.role in roles and p.role != "president"]
        if names:
            blocks.append(title)
            blocks.append(BulletList(items=tuple(_person_line(p) for p in names)))
    return blocks


def _person_line(person: Person) -> str:
    extra = [x for x in (person.union,) if x]
    return f"{person.name} ({', '.join([person.label, *extra])})"


def convocation_pdf(letter: ConvocationLetter, *, sees_confidential: bool) -> bytes:
    """The convocation letter: the president convenes for the employer, the agenda drawn up with the secretary
    (L2315-29, L2316-17) where the joint agenda applies, the numbered agenda, the annexes and the recipients."""
    h = letter.header
    kind = MEETING_KINDS.get(h.kind, h.kind)
    title = f"Convocation à la réunion {kind} du {long_day(h.starts_at.date())}"
    letter_text = (
        f"Madame, Monsieur,\n\nVous êtes convoqué(e) à la réunion {kind} du {h.body_name}, qui se tiendra "
        f"{_when(h)}, {_where(h)}.\n\n{letter.delay}\n\n{letter.agenda_basis}"
    )
    agenda = BulletList(items=tuple(agenda_line_text(line) for line in letter.agenda), ordered=True)
    annexes = (
        Table(
            header=("Annexe", "Fichier", "Version", "SHA-256 (début)"),
            rows=tuple(annex_row(a, sees_confidential=sees_confidential) for a in letter.annexes),
            col_widths=(38, 28, 10, 24),
        )
        if letter.annexes
        else "Aucune annexe n'accompagne cette convocation."
    )
    signers = [f"Le président, pour l'employeur\n{letter.president or ''}"]
    if letter.joint:
        signers.append(f"Le secrétaire, pour l'ordre du jour arrêté conjointement\n{letter.secretary or ''}")
    sections = [
        Section(heading="", blocks=(f"À {h.organization}, le {french_date(letter.dated)}", letter_text)),
        Section(heading="Ordre du jour", blocks=(agenda,) if letter.agenda else ("L'ordre du jour est vide.",)),
        Section(heading="Annexes", blocks=(annexes,)),
        Section(heading="Destinataires", blocks=tuple(_recipients(letter.recipients)) or ("Aucun destinataire.",)),
        Section(heading="Signatures", blocks=(signatures_block(signers=signers, on=letter.dated),)),
    ]
    return render_pdf(
        title=("PROJET — " if h.draft else "") + title,
        subtitle=f"{h.organization} — {h.body_name}",
        sections=sections,
        footer_text=f"{h.body_name} — {h.title} — convocation",
        author=h.organization,
    )


def _seat(person: Person) -> str:
    if person.role in RECIPIENT_GROUPS[0][1]:
        return "Titulaire"
    if person.role == "substitute":
        return "Suppléant"
    if person.role == "president":
        return "Président"
    return "Voix consultative" if person.role == "union_representative" else "Invité"


def attendance_rows(people: Sequence[Person]) -> tuple[tuple[str, ...], ...]:
    """One row per person: name, college and role, seat, arrival, departure, signature (blank, three lines
    high so that a signature fits)."""
    return tuple(
        (
            person.name,
            ", ".join(x for x in (person.college, person.label, person.union) if x),
            _seat(person),
            "",
            "",
            "\n\n",
        )
        for person in people
    )


def attendance_sheet_pdf(header: PrintedMeeting, people: Sequence[Person]) -> bytes:
    """The feuille d'émargement: the meeting's header, one row per expected attendee (the table's header
    repeats on every page), and the rule of deliberation without quorum (L2315-32)."""
    table = Table(
        header=("Nom", "Collège, qualité", "Siège", "Arrivée", "Départ", "Signature"),
        rows=attendance_rows(people),
        col_widths=(27, 30, 17, 15, 15, 30),
    )
    when = _when(header)
    return render_pdf(
        title=("PROJET — " if header.draft else "") + f"Feuille d'émargement — {header.body_name}",
        subtitle=f"{header.organization} — réunion {MEETING_KINDS.get(header.kind, header.kind)} {when}",
        sections=[
            Section(heading="", blocks=(f"{header.title} — {_where(header)}.", QUORUM_MENTION)),
            Section(heading="Présences", blocks=(table,) if people else ("Aucun membre à faire émarger.",)),
        ],
        footer_text=f"Feuille d'émargement — {header.body_name} — {header.title} — {header.starts_at:%d/%m/%Y}",
        author=header.organization,
    )
