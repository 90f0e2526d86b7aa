"""Demo BDESE of the Association Les Tilleuls (320 employees: the R2312-9 structure): the last and the current
year with real-looking French figures, perspectives for the three next years ("grandes tendances", R2312-10),
rubriques 6 and 9 "sans objet" for an association, and the 2027 plan flagged confidential (R2312-13)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dialogue.bdese.rules.items import FORECAST_REASON
from dialogue.bdese.tables import BdeseItem
from dialogue.bodies.demo import DemoContext
from dialogue.core.clock import local_today, utcnow


@dataclass(frozen=True, slots=True)
class _Demo:
    theme: str
    sub_theme: str | None
    title: str
    figures: dict[str, Any] | None = None
    text: str | None = None
    status: str = "actual"


def _actual(previous: bool) -> list[_Demo]:
    """One year of figures; `previous` gives the year before (slightly fewer staff, an older index)."""
    k = 0 if previous else 1
    return [
        _Demo(
            "investissements",
            "effectifs",
            "Effectif au 31 décembre par type de contrat",
            {
                "CDI": 271 + 3 * k,
                "CDD": 33 - k,
                "Contrats d'apprentissage": 9 + k,
                "Intérimaires (ETP moyen)": 4,
                "Effectif mensuel moyen": 312 + 3 * k,
                "Femmes": 236 + 2 * k,
                "Hommes": 77 + k,
            },
        ),
        _Demo(
            "investissements",
            "emplois_categories",
            "Répartition par catégorie professionnelle et par sexe",
            {
                "Ouvriers et employés (F/H)": f"{168 + k}/{52}",
                "Techniciens, agents de maîtrise (F/H)": f"{49 + k}/{16}",
                "Cadres (F/H)": f"{19}/{9 + k}",
            },
        ),
        _Demo(
            "investissements",
            "handicap",
            "Travailleurs handicapés (DOETH)",
            {"Bénéficiaires de l'obligation d'emploi": 17 + k, "Taux d'emploi direct (%)": 5.4 + 0.3 * k},
        ),
        _Demo(
            "investissements",
            "formation",
            "Formation professionnelle",
            {
                "Dépenses de formation (€)": 186_400 + 9_800 * k,
                "Part de la masse salariale (%)": 1.9 + 0.1 * k,
                "Heures de formation": 6_940 + 310 * k,
                "Salariés formés": 221 + 12 * k,
                "Entretiens professionnels réalisés": 289 + 8 * k,
            },
        ),
        _Demo(
            "investissements",
            "accidents_travail",
            "Accidents du travail et maladies professionnelles",
            {
                "Accidents avec arrêt": 19 - 2 * k,
                "Taux de fréquence": 38.4 - 4.1 * k,
                "Taux de gravité": 1.62 - 0.18 * k,
                "Maladies professionnelles reconnues": 3,
            },
        ),
        _Demo(
            "investissements",
            "absenteisme",
            "Absentéisme et travail de nuit",
            {"Taux d'absentéisme (%)": 8.9 - 0.4 * k, "Salariés travaillant de nuit": 41},
        ),
        _Demo(
            "egalite",
            "egalite_indicateurs",
            "Index de l'égalité professionnelle (L1142-8)",
            {
                "Note globale (sur 100)": 86 + 3 * k,
                "Écart de rémunération (sur 40)": 36 + 3 * k,
                "Écart de taux d'augmentations (sur 20)": 20,
                "Écart de taux de promotions (sur 15)": 15,
                "Retour de congé maternité (sur 15)": 15,
                "Dix plus hautes rémunérations (sur 10)": 0,
            },
        ),
        _Demo(
            "egalite",
            "egalite_strategie",
            "Plan d'action égalité professionnelle",
            text="Objectifs : deux femmes parmi les dix plus hautes rémunérations d'ici la fin du plan ; 40 % "
            "des promotions de cadres aux hommes des métiers du soin ; budget de 12 000 € par an.",
        ),
        _Demo(
            "remunerations",
            "frais_personnel",
            "Frais de personnel",
            {"Masse salariale brute (€)": 10_480_000 + 290_000 * k, "Charges sociales (€)": 3_260_000 + 95_000 * k},
        ),
        _Demo(
            "remunerations",
            "evolution_remunerations",
            "Salaire mensuel brut moyen par catégorie et par sexe (€)",
            {
                "Ouvriers et employés F": 2_105 + 41 * k,
                "Ouvriers et employés H": 2_131 + 40 * k,
                "Techniciens, agents de maîtrise F": 2_612 + 48 * k,
                "Techniciens, agents de maîtrise H": 2_655 + 47 * k,
                "Cadres F": 3_986 + 70 * k,
                "Cadres H": 4_120 + 66 * k,
            },
        ),
        _Demo(
            "activites_sociales",
            "contribution_asc",
            "Contribution aux activités sociales et culturelles",
            {"Taux (% de la masse salariale)": 1.0, "Montant versé au CSE (€)": 104_800 + 2_900 * k},
        ),
        _Demo(
            "activites_sociales",
            "representation_personnel",
            "Représentation du personnel",
            {
                "Élus titulaires": 7,
                "Taux de participation 1er collège (%)": 88.7,
                "Heures de délégation utilisées": 1_498 + 64 * k,
                "Réunions du CSE": 11 + k,
            },
        ),
        _Demo(
            "financeurs",
            None,
            "Rémunération des financeurs",
            text="Association sans capital ni actionnaire : rubrique sans objet.",
            status="not_applicable",
        ),
        _Demo(
            "flux_financiers",
            "aides_publiques",
            "Dotations et aides publiques",
            {
                "Dotation ARS – EHPAD (€)": 5_910_000 + 120_000 * k,
                "Prix de journée IME (€)": 4_260_000 + 90_000 * k,
                "Aide à l'apprentissage (€)": 36_000 + 6_000 * k,
            },
        ),
        _Demo(
            "transferts",
            None,
            "Transferts entre entités du groupe",
            text="L'association n'appartient à aucun groupe : rubrique sans objet.",
            status="not_applicable",
        ),
        _Demo(
            "environnement",
            "economie_circulaire",
            "Énergie et déchets",
            {"Consommation d'énergie (MWh)": 2_140 - 60 * k, "Déchets d'activités de soins (t)": 7.8 - 0.3 * k},
        ),
    ]


_FORECASTS = [
    _Demo(
        "investissements",
        "effectifs",
        "Perspectives d'effectifs",
        status="forecast",
        text="Effectifs stables ; 6 postes d'aides-soignants créés à l'EHPAD avec le renouvellement du CPOM.",
    ),
    _Demo(
        "flux_financiers",
        "aides_publiques",
        "Perspectives de financement",
        status="forecast",
        text="Grandes tendances : dotation soins en hausse de 2 % par an ; fin de l'aide exceptionnelle 2026.",
    ),
]


async def demo_step(ctx: DemoContext) -> None:
    """Idempotent: nothing is added when the association already has BDESE items."""
    org = ctx.organization_id
    if await BdeseItem.exists().where(BdeseItem.organization == org):
        return
    today = local_today()
    director = ctx.users.get("direction@demo.example")
    rows: list[BdeseItem] = []
    plan = [(today.year - 1, d) for d in _actual(True)] + [(today.year, d) for d in _actual(False)]
    plan += [(today.year + offset, d) for offset in (1, 2, 3) for d in _FORECASTS]
    for index, (year, item) in enumerate(plan):
        at = utcnow() - timedelta(days=len(plan) - index)
        forecast = item.status == "forecast"
        rows.append(
            BdeseItem(
                organization=org,
                theme=item.theme,
                sub_theme=item.sub_theme,
                year=year,
                status=item.status,
                title=item.title,
                figures=item.figures,
                text=item.text,
                economic_alert=False,
                confidential_until=date(year, 12, 31) if forecast else None,
                confidentiality_reason=FORECAST_REASON if forecast else None,
                created_by=director,
                created_at=at,
                updated_at=at,
                published_at=at,
                published_by=director,
            )
        )
    await BdeseItem.insert(*rows)
    ctx.created.append(f"BDESE ({len(rows)} informations)")
