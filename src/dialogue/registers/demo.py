"""Demo registers of the CSE of the Association Les Tilleuls: one of each kind, with entries and answers.

Idempotent: a register that already exists keeps its entries (nothing is ever appended twice). Dates are
relative to the day the demo is loaded, so statuses look alive (one question awaits its answer, one alert
is under investigation…). Entries go through the same ledger functions as the API, so `verify` holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from dialogue.bodies.demo import DemoContext
from dialogue.core.clock import PARIS, local_today
from dialogue.integrity import key_of
from dialogue.registers import repository as repo
from dialogue.registers.ledger import append_entry, append_response, prepare_entry, seal_new_register
from dialogue.registers.rules import DgiState, RegisterKind, ResponseAction, dgi_cse_meeting_due_by
from dialogue.registers.schemas import EntryCreate
from dialogue.registers.service import KIND_TITLES
from dialogue.registers.tables import Register


@dataclass(frozen=True)
class _Answer:
    days_after: int
    author: str
    body: str
    action: ResponseAction = ResponseAction.ANSWER
    dgi_state: DgiState | None = None


@dataclass(frozen=True)
class _Entry:
    days_ago: int
    author: str
    subject: str
    body: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    answers: tuple[_Answer, ...] = ()
    confidential_reason: str | None = None
    corrects: int | None = None


def _monday_in(weeks: int, today: date) -> date:
    return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)


def _entries(today: date) -> dict[RegisterKind, list[_Entry]]:
    past_meeting = _monday_in(-2, today) + timedelta(days=3)  # a Thursday two weeks ago
    next_meeting = _monday_in(2, today) + timedelta(days=3)  # a Thursday in two weeks
    return {
        RegisterKind.QUESTIONS: [
            _Entry(
                days_ago=(today - past_meeting).days + 7,
                author="elu@demo.example",
                subject="Plannings de week-end à l'EHPAD",
                fields={
                    "question": "Pourquoi les plannings de week-end de l'unité Alzheimer sont-ils affichés moins de "
                    "quinze jours à l'avance, et quelles mesures la direction prévoit-elle pour respecter le délai "
                    "de prévenance de l'accord d'entreprise ?",
                    "meeting_on": past_meeting.isoformat(),
                },
                body="Plusieurs aides-soignantes ont appris le vendredi qu'elles travaillaient le dimanche.",
                answers=(
                    _Answer(
                        days_after=10,  # three days after the meeting
                        author="direction@demo.example",
                        body="Deux départs non remplacés ont désorganisé les plannings en octobre. Un poste "
                        "d'aide-soignante de nuit est publié depuis le 2 du mois ; à compter du mois prochain, les "
                        "plannings seront affichés trois semaines à l'avance et toute modification sera soumise à "
                        "l'accord du salarié concerné, conformément à l'accord sur le temps de travail.",
                    ),
                ),
            ),
            _Entry(
                days_ago=6,
                author="nadia.benali@demo.example",
                subject="Remplacement des arrêts maladie à l'IME",
                fields={
                    "question": "Combien de journées d'absence n'ont pas été remplacées sur le groupe des "
                    "adolescents depuis septembre, et quel est le budget d'intérim prévu pour le trimestre ?",
                    "meeting_on": next_meeting.isoformat(),
                },
            ),
            _Entry(
                days_ago=2,
                author="secretaire@demo.example",
                subject="Tenues professionnelles et lavage",
                fields={
                    "question": "La blanchisserie interne peut-elle reprendre le lavage des tenues des agents de "
                    "service hospitalier, aujourd'hui lavées à domicile ?",
                    "meeting_on": next_meeting.isoformat(),
                },
            ),
        ],
        RegisterKind.DGI: [
            _Entry(
                days_ago=5,
                author="thomas.girard@demo.example",
                subject="Monte-malade du bâtiment B de l'EHPAD",
                fields={
                    "workstations": "EHPAD Les Tilleuls, bâtiment B, monte-malade desservant les étages 1 à 3 ; "
                    "postes d'aide-soignant et d'agent de service",
                    "danger_nature": "Chute de la cabine et écrasement lors des transferts de résidents en fauteuil",
                    "danger_cause": "Arrêts brutaux et décalage de 15 cm au palier du 2e étage depuis trois jours ; "
                    "contrôle périodique en retard de deux mois",
                    "exposed_workers": ["Aïcha Diallo", "Kevin Lambert", "Équipe de jour du 2e étage"],
                },
                body="Deux collègues ont exercé leur droit de retrait ce matin (L4131-1).",
                answers=(
                    _Answer(
                        days_after=0,
                        author="direction@demo.example",
                        body="Enquête menée ce jour avec M. Girard et le technicien de maintenance ; appareil "
                        "consigné, transferts par l'ascenseur principal en attendant l'intervention de l'ascensoriste.",
                        action=ResponseAction.DGI_STEP,
                        dgi_state=DgiState.INVESTIGATING,
                    ),
                ),
            ),
            _Entry(
                days_ago=12,
                author="elu@demo.example",
                subject="Chariot de distribution des repas de l'IME",
                fields={
                    "workstations": "IME La Source, office du groupe des adolescents, chariot chauffant de "
                    "distribution des repas",
                    "danger_nature": "Brûlures et électrisation lors du branchement du chariot",
                    "danger_cause": "Prise murale fendue et cordon du chariot échauffé",
                    "exposed_workers": ["Équipe éducative du groupe des adolescents", "Agents de l'office"],
                },
                answers=(
                    _Answer(
                        days_after=0,
                        author="direction@demo.example",
                        body="Enquête menée ce jour : la prise a été contrôlée, elle reste utilisable selon le "
                        "service technique.",
                        action=ResponseAction.DGI_STEP,
                        dgi_state=DgiState.INVESTIGATING,
                    ),
                    _Answer(
                        days_after=0,
                        author="elu@demo.example",
                        body="Désaccord : la prise fendue doit être remplacée avant toute nouvelle utilisation.",
                        action=ResponseAction.DGI_STEP,
                        dgi_state=DgiState.DISAGREEMENT,
                    ),
                    _Answer(
                        days_after=1,
                        author="direction@demo.example",
                        body="Le désaccord persiste après la réunion extraordinaire du CSE : l'inspection du travail "
                        "a été informée par courriel et par téléphone (art. L4132-4).",
                        action=ResponseAction.DGI_STEP,
                        dgi_state=DgiState.INSPECTOR_INFORMED,
                    ),
                ),
            ),
        ],
        RegisterKind.PUBLIC_HEALTH: [
            _Entry(
                days_ago=20,
                author="sophie.marchand@demo.example",
                subject="Produit de désinfection des sols",
                fields={
                    "products_or_processes": "Nouveau détergent-désinfectant à base d'ammonium quaternaire utilisé "
                    "pur, sans dilution, dans les salles de bain des résidents",
                    "possible_consequences": "Irritations respiratoires des résidents et des agents ; rejets "
                    "concentrés dans le réseau d'eaux usées",
                    "other_information": "La fiche de données de sécurité prévoit une dilution à 0,5 %.",
                },
            ),
        ],
        RegisterKind.PERSONAL_RIGHTS: [
            _Entry(
                days_ago=9,
                author="secretaire@demo.example",
                subject="Caméra orientée vers la salle de pause",
                fields={
                    "facts": "Une caméra installée dans le couloir du rez-de-chaussée filme l'intérieur de la salle "
                    "de pause par la porte vitrée.",
                    "persons_concerned": ["Personnel de nuit de l'EHPAD"],
                },
                confidential_reason="Informations nominatives sur des salariés",
                answers=(
                    _Answer(
                        days_after=0,
                        author="direction@demo.example",
                        body="La caméra a été réorientée le jour même et un film occultant posé sur la porte ; "
                        "aucune image de la salle de pause n'a été conservée.",
                    ),
                ),
            ),
        ],
        RegisterKind.DIALOGUE: [
            _Entry(
                days_ago=15,
                author="secretaire@demo.example",
                subject="Calendrier des réunions du premier semestre",
                body="Le bureau du CSE propose de tenir les réunions ordinaires le deuxième jeudi de chaque mois, "
                "de 14 h à 17 h, en alternance entre l'EHPAD et l'IME.",
                answers=(
                    _Answer(
                        days_after=2,
                        author="direction@demo.example",
                        body="Accord de la direction ; les salles seront réservées et le calendrier transmis à "
                        "l'inspection du travail et à la CARSAT.",
                    ),
                ),
            ),
        ],
    }


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=PARIS).astimezone(UTC)


async def registers_step(ctx: DemoContext) -> None:
    """One register of each kind for the CSE, with realistic entries and answers (only when it is new)."""
    body_id = ctx.bodies["cse"]
    today = local_today()
    plan = _entries(today)
    chain_key = key_of(ctx.settings)
    for kind in RegisterKind:
        if await repo.register_of_kind(body_id=body_id, kind=kind.value) is not None:
            continue
        register = Register(
            organization=ctx.organization_id,
            body=body_id,
            kind=kind.value,
            title=KIND_TITLES[kind],
            created_by=ctx.users["secretaire@demo.example"],
            created_at=_at(today - timedelta(days=60), 9),
        )
        await register.save()
        ctx.created.append(f"registre {kind.value}")
        row = await repo.get_register(register.id)
        assert row is not None
        await seal_new_register(row, chain_key=chain_key)
        for item in plan[kind]:
            submitted_at = _at(today - timedelta(days=item.days_ago), 10)
            data = EntryCreate(
                subject=item.subject,
                body=item.body,
                fields=item.fields,
                confidential=item.confidential_reason is not None,
                confidentiality_reason=item.confidential_reason,
                corrects=item.corrects,
            )
            new = await prepare_entry(register=row, data=data, submitted_at=submitted_at)
            entry, _ = await append_entry(
                register_id=register.id,
                author_id=ctx.users[item.author],
                new=new,
                submitted_at=submitted_at,
                chain_key=chain_key,
            )
            for answer in item.answers:
                at = submitted_at + timedelta(days=answer.days_after, hours=4)
                await append_response(
                    entry=entry,
                    author_id=ctx.users[answer.author],
                    action=answer.action,
                    body=answer.body,
                    submitted_at=at,
                    chain_key=chain_key,
                    dgi_state=answer.dgi_state,
                    meeting_due_by=dgi_cse_meeting_due_by(disagreement_at=at)
                    if answer.dgi_state is DgiState.DISAGREEMENT
                    else None,
                    informed_at=at if answer.dgi_state is DgiState.INSPECTOR_INFORMED else None,
                )
