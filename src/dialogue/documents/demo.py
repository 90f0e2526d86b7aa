"""Demo documents of the Association Les Tilleuls, uploaded by the direction through the service into the bound
store (`documents.storage.bind`, done by `bootstrap` or by `dialogue demo`): the CSE's règlement intérieur, the
bilan social of last year (CSV), the minutes of the November meeting and, confidential (L2315-3), the budget
forecasts of next year (`bdese.demo.link_documents_step` links the last two to the BDESE items they document)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, time

from dialogue.bodies.demo import DemoContext
from dialogue.core.actor import Actor
from dialogue.core.clock import PARIS, local_today
from dialogue.core.documents import BulletList, Section, Table, render_pdf
from dialogue.documents import service
from dialogue.documents.tables import Document

ORGANISATION = "Association Les Tilleuls"


@dataclass
class BytesSource:
    """An `UploadSource` over bytes already in memory (small generated files only)."""

    filename: str
    content: bytes
    form: dict[str, str] = field(default_factory=dict)

    async def chunks(self) -> AsyncIterator[bytes]:
        yield self.content

    async def fields(self) -> dict[str, str]:
        return dict(self.form)


def bilan_social_title(year: int) -> str:
    return f"Bilan social {year}"


def forecast_title(year: int) -> str:
    return f"Prévisions budgétaires {year}"


def _pdf(title: str, subtitle: str, sections: tuple[Section, ...], year: int) -> bytes:
    created = datetime.combine(local_today().replace(year=year, month=1, day=15), time(9), tzinfo=PARIS)
    return render_pdf(title=title, subtitle=subtitle, sections=sections, author=ORGANISATION, created_at=created)


def reglement(year: int) -> bytes:
    return _pdf(
        f"Règlement intérieur du CSE ({year})",
        f"{ORGANISATION} — adopté en réunion plénière le 14 mars {year}",
        (
            Section(
                "Article 1 — Objet",
                (
                    "Le présent règlement fixe les modalités de fonctionnement du comité social et économique et de "
                    "ses rapports avec les salariés (art. L2315-24 du Code du travail).",
                ),
            ),
            Section(
                "Article 2 — Réunions",
                (
                    BulletList(
                        (
                            "Une réunion ordinaire par mois, dont quatre consacrées à la santé, la sécurité et les "
                            "conditions de travail.",
                            "L'ordre du jour est arrêté conjointement par le président et le secrétaire et "
                            "communiqué au moins trois jours avant la réunion (art. L2315-29 et L2315-30).",
                            "Le procès-verbal est établi par le secrétaire dans les quinze jours.",
                        )
                    ),
                ),
            ),
            Section(
                "Article 3 — Commissions",
                (
                    "La commission santé, sécurité et conditions de travail comprend quatre membres, dont un "
                    "représentant du second collège au moins.",
                ),
            ),
        ),
        year,
    )


def proces_verbal(year: int) -> bytes:
    return _pdf(
        "Procès-verbal de la réunion du 12 novembre",
        f"Comité social et économique — réunion ordinaire du 12 novembre {year}",
        (
            Section(
                "Présents",
                (
                    Table(
                        ("Nom", "Qualité"),
                        (
                            ("Claire Dumas", "Présidente, directrice générale"),
                            ("Karim Benali", "Secrétaire, titulaire"),
                            ("Sophie Martin", "Trésorière, titulaire"),
                            ("Lucas Petit", "Titulaire"),
                        ),
                    ),
                ),
            ),
            Section(
                "1. Approbation du procès-verbal de la réunion d'octobre",
                ("Le procès-verbal est approuvé à l'unanimité des membres présents.",),
            ),
            Section(
                "2. Information sur le plan de développement des compétences",
                (
                    "La direction présente les actions de formation prévues ; les élus demandent le détail des "
                    "heures par établissement, qui sera communiqué avant la consultation.",
                ),
            ),
        ),
        year,
    )


def previsions(year: int) -> bytes:
    return _pdf(
        forecast_title(year),
        f"{ORGANISATION} — document confidentiel présenté comme tel par l'employeur (art. L2315-3)",
        (
            Section(
                "Hypothèses",
                (
                    BulletList(
                        (
                            "Dotation globale de l'ARS : +1,8 % ; conseil départemental : stable.",
                            "Glissement vieillesse technicité : +1,2 % de la masse salariale.",
                            "Ouverture de 6 places de SESSAD au second semestre.",
                        )
                    ),
                ),
            ),
            Section(
                "Budget prévisionnel (k€)",
                (
                    Table(
                        ("Poste", "Montant"),
                        (("Charges de personnel", "11 940"), ("Charges d'exploitation", "2 310"), ("Total", "14 250")),
                    ),
                ),
            ),
        ),
        year,
    )


def bilan_social(year: int) -> bytes:
    rows = (
        "Indicateur;Femmes;Hommes;Total",
        f"Effectif au 31/12/{year};231;89;320",
        "Salariés en CDI;212;81;293",
        "Salariés en CDD;19;8;27",
        "Embauches en CDI;24;9;33",
        "Départs;21;7;28",
        "Heures de formation;6 120;2 210;8 330",
        "Taux d'absentéisme (%);7,4;5,1;6,8",
        "Accidents du travail avec arrêt;9;4;13",
    )
    return ("\ufeff" + "\r\n".join(rows) + "\r\n").encode("utf-8")


async def demo_step(ctx: DemoContext) -> None:
    """Idempotent: nothing is uploaded when the association already holds documents."""
    org = ctx.organization_id
    if await Document.exists().where(Document.organization == org):
        return
    actor = Actor(user_id=ctx.users["direction@demo.example"], organization_id=org)
    year = local_today().year
    files = (
        (f"Règlement intérieur du CSE ({year - 1}).pdf", reglement(year - 1), False),
        (f"{bilan_social_title(year - 1)}.csv", bilan_social(year - 1), False),
        ("Procès-verbal de la réunion du 12 novembre.pdf", proces_verbal(year - 1), False),
        (f"{forecast_title(year + 1)}.pdf", previsions(year + 1), True),
    )
    for filename, content, confidential in files:
        form = {"title": filename.rsplit(".", 1)[0], "confidential": "true" if confidential else "false"}
        source = BytesSource(filename=filename, content=content, form=form)
        await service.upload_document(
            actor=actor, organization_id=org, source=source, max_upload_mb=ctx.settings.max_upload_mb
        )
    ctx.created.append(f"documents ({len(files)})")
