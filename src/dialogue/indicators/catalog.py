"""What each indicator means: label, unit, target, direction, margin, legal basis and how it is counted.

Pure data. Providers compute values for these codes; the service compares them to the target here
(`rules.status_for`) and feeds the health score with the components named in `health_component`.
Targets follow the law where it sets one (every question answered within its delay: 100 %); elsewhere
they are the level a CSE secretary would call healthy, and the margin is the "attention" band.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from dialogue.indicators.rules import INDICATOR_LABELS, Status, status_for

PERCENT: Final = "%"
WORKING_DAYS: Final = "jours ouvrables"
DAYS: Final = "jours"
SCORE_5: Final = "/ 5"
SCORE_100: Final = "/ 100"
#: Counts are written with what they count (« 3 réunions »), never « nombre ».
ENTRIES: Final = "inscriptions"
ALERTS: Final = "alertes"
MEETINGS: Final = "réunions"
MINUTES: Final = "procès-verbaux"
ACTIONS: Final = "actions"
SESSIONS: Final = "séances"
HOURS: Final = "heures"
#: The singular of each plural unit: French writes 0 and 1 in the singular (« 1 réunion », « 0 jour »).
SINGULAR: Final[Mapping[str, str]] = {
    WORKING_DAYS: "jour ouvrable",
    DAYS: "jour",
    ENTRIES: "inscription",
    ALERTS: "alerte",
    MEETINGS: "réunion",
    MINUTES: "procès-verbal",
    ACTIONS: "action",
    SESSIONS: "séance",
    HOURS: "heure",
}


def unit_for(value: float | None, unit: str) -> str:
    """The unit as written after `value`: singular below 2 (« 1,5 jour », « 0 réunion »)."""
    return SINGULAR.get(unit, unit) if value is not None and abs(value) < 2 else unit


@dataclass(frozen=True, slots=True, kw_only=True)
class IndicatorSpec:
    code: str
    label: str
    unit: str
    module: str
    description: str
    legal_basis: str = ""
    target: float | None = None
    higher_is_better: bool = True
    warning_margin: float = 0.0
    health_component: str | None = None
    """Code of the health-score component this indicator feeds (its value as a share in [0, 1])."""
    snapshot: bool = False
    """Measured "now" (at the end of the period, or today), not over the period: series are month-end values."""

    def status(self, value: float | None) -> Status:
        return status_for(
            value, self.target, higher_is_better=self.higher_is_better, warning_margin=self.warning_margin
        )


HEALTH_SCORE = IndicatorSpec(
    code="health_score",
    label="Score de santé du dialogue",
    unit=SCORE_100,
    module="indicators",
    description=(
        "Moyenne pondérée (0 à 100) des composantes mesurables sur la période : présence, convocations, "
        "procès-verbaux, réponses aux questions, avis rendus, inspections SSCT, NAO, ordres du jour conjoints. "
        "Une composante sans donnée est écartée et les autres poids renormalisés ; les poids sont ceux de "
        "l'organisation (fixés par son administrateur) ou, à défaut, les poids par défaut."
    ),
    target=75.0,
    warning_margin=25.0,
)

REGISTER_SPECS: Final = (
    IndicatorSpec(
        code="questions_answered_on_time",
        label=INDICATOR_LABELS["questions_answered_on_time"],
        unit=PERCENT,
        module="registers",
        description=(
            "Part des questions écrites dont l'échéance tombe dans la période (et est passée, ou qui ont reçu "
            "réponse) ayant reçu la réponse motivée de l'employeur au plus tard le jour de l'échéance. "
            "Une question close par les élus avant l'échéance sans réponse n'est pas comptée."
        ),
        legal_basis="C. trav. L2315-22 : réponse écrite et motivée au plus tard dans les 6 jours ouvrables",
        target=100.0,
        warning_margin=10.0,
        health_component="questions_answered_on_time",
    ),
    IndicatorSpec(
        code="questions_answer_delay",
        label="Délai médian de réponse aux questions",
        unit=WORKING_DAYS,
        module="registers",
        description=(
            "Médiane, sur les questions répondues dont l'échéance tombe dans la période, du nombre de jours "
            "ouvrables entre la réunion visée et la réponse de l'employeur (0 si répondue avant la réunion)."
        ),
        legal_basis="C. trav. L2315-22 (6 jours ouvrables après la réunion)",
        target=6.0,
        higher_is_better=False,
        warning_margin=2.0,
    ),
    IndicatorSpec(
        code="register_entries_overdue",
        label="Inscriptions au registre en retard",
        unit=ENTRIES,
        module="registers",
        description=(
            "Inscriptions (tous registres) sans réponse ni clôture dont l'échéance est dépassée, au dernier jour "
            "de la période ou aujourd'hui si la période n'est pas finie ; détail par registre."
        ),
        legal_basis="C. trav. L2315-22, L4132-2, L4133-3, L2312-59",
        target=0.0,
        higher_is_better=False,
        warning_margin=2.0,
        snapshot=True,
    ),
    IndicatorSpec(
        code="dgi_alerts",
        label="Alertes pour danger grave et imminent",
        unit=ALERTS,
        module="registers",
        description="Alertes DGI inscrites dans la période, détaillées par état actuel de la procédure.",
        legal_basis="C. trav. L4131-2, L4132-2 à L4132-4",
    ),
    IndicatorSpec(
        code="dgi_days_to_close",
        label="Délai médian de clôture des alertes DGI",
        unit=DAYS,
        module="registers",
        description=(
            "Médiane, sur les alertes DGI closes dans la période, des jours calendaires entre l'alerte et sa clôture."
        ),
        legal_basis="C. trav. L4132-2 (enquête immédiate), L4132-3 (CSE réuni dans les 24 heures en cas de désaccord)",
        target=7.0,
        higher_is_better=False,
        warning_margin=23.0,
    ),
)

QVT_SPECS: Final = (
    IndicatorSpec(
        code="qvt_barometer_participation",
        label="Participation au baromètre QVCT",
        unit=PERCENT,
        module="qvt",
        description="Part des salariés invités ayant répondu au dernier baromètre clos dans la période.",
        legal_basis="ANI QVCT du 9 décembre 2020 ; C. trav. L2242-17 (négociation QVCT)",
        target=50.0,
        warning_margin=20.0,
    ),
    IndicatorSpec(
        code="qvt_barometer_score",
        label="Score moyen du baromètre QVCT",
        unit=SCORE_5,
        module="qvt",
        description="Moyenne des scores par thème (échelle de 1 à 5) du dernier baromètre clos dans la période.",
        legal_basis="ANI QVCT du 9 décembre 2020",
        target=3.5,
        warning_margin=0.5,
    ),
    IndicatorSpec(
        code="qvt_action_plan_progress",
        label="Avancement du plan d'actions QVCT",
        unit=PERCENT,
        module="qvt",
        description=(
            "Avancement du plan d'actions à la fin de la période : actions évaluées et étapes réalisées "
            "parmi les actions adoptées (calcul du module QVT)."
        ),
        legal_basis="C. trav. L2242-17",
        target=75.0,
        warning_margin=25.0,
        snapshot=True,
    ),
)

MEETING_SPECS: Final = (
    IndicatorSpec(
        code="ordinary_meetings_held",
        label="Réunions ordinaires tenues / minimum légal",
        unit=PERCENT,
        module="meetings",
        description=(
            "Réunions ordinaires (dont SSCT) tenues dans la période, rapportées au minimum légal au prorata de "
            "la période écoulée (jusqu'à aujourd'hui si elle court) : régime selon l'effectif (mensuelles sous 50 "
            "et dès 300, tous les deux mois de 50 à 299) "
            "ou nombre fixé par accord (jamais moins de 6 par an) ; CSE central : 2 par an."
        ),
        legal_basis="C. trav. L2315-21, L2315-28, L2312-19, L2316-15",
        target=100.0,
        warning_margin=20.0,
    ),
    IndicatorSpec(
        code="ssct_meetings_held",
        label="Réunions SSCT tenues / minimum légal",
        unit=PERCENT,
        module="meetings",
        description="Réunions portant en tout ou partie sur la SSCT tenues, rapportées aux 4 par an dues dès 50.",
        legal_basis="C. trav. L2315-27",
        target=100.0,
        warning_margin=25.0,
    ),
    IndicatorSpec(
        code="meetings_cancelled",
        label="Réunions annulées",
        unit=MEETINGS,
        module="meetings",
        description="Réunions prévues dans la période puis annulées.",
        target=0.0,
        higher_is_better=False,
        warning_margin=1.0,
    ),
    IndicatorSpec(
        code="convocations_on_time",
        label=INDICATOR_LABELS["convocations_on_time"],
        unit=PERCENT,
        module="meetings",
        description=(
            "Part des réunions convoquées dont la convocation et l'ordre du jour sont partis au moins 3 jours "
            "avant (8 pour un CSE central, davantage si le règlement intérieur le prévoit) ; le détail compte "
            "les convocations tardives et celles dont le retard a été assumé et motivé."
        ),
        legal_basis="C. trav. L2315-30, L2316-17",
        target=100.0,
        warning_margin=10.0,
        health_component="convocations_on_time",
    ),
    IndicatorSpec(
        code="agendas_agreed_jointly",
        label=INDICATOR_LABELS["agendas_agreed_jointly"],
        unit=PERCENT,
        module="meetings",
        description=(
            "Part des réunions convoquées dont l'ordre du jour a été approuvé par le président et le secrétaire "
            "avant l'envoi de la convocation."
        ),
        legal_basis="C. trav. L2315-29",
        target=100.0,
        warning_margin=10.0,
        health_component="agendas_agreed_jointly",
    ),
    IndicatorSpec(
        code="attendance",
        label="Présence des élus titulaires",
        unit=PERCENT,
        module="meetings",
        description=(
            "Part des titulaires (secrétaire, trésorier compris) présents aux réunions tenues ; le détail donne "
            "la présence par collège (direction, élus, gouvernance)."
        ),
        legal_basis="C. trav. L2314-1 (le suppléant ne siège qu'en l'absence du titulaire)",
        target=80.0,
        warning_margin=15.0,
        health_component="attendance",
    ),
    IndicatorSpec(
        code="minutes_on_time",
        label=INDICATOR_LABELS["minutes_on_time"],
        unit=PERCENT,
        module="meetings",
        description=(
            "Part des procès-verbaux des réunions tenues transmis à l'employeur dans le délai : 15 jours (3 en "
            "licenciement économique collectif, 1 en redressement ou liquidation), ou avant la réunion suivante "
            "si elle tombe plus tôt. Les PV dont le délai court encore ne sont pas comptés."
        ),
        legal_basis="C. trav. L2315-34, D2315-26",
        target=100.0,
        warning_margin=15.0,
        health_component="minutes_on_time",
    ),
    IndicatorSpec(
        code="minutes_days_to_transmission",
        label="Délai médian de transmission des PV",
        unit=DAYS,
        module="meetings",
        description="Médiane des jours entre la réunion et la transmission de son PV à l'employeur.",
        legal_basis="C. trav. D2315-26",
        target=15.0,
        higher_is_better=False,
        warning_margin=7.0,
    ),
    IndicatorSpec(
        code="minutes_days_to_adoption",
        label="Délai médian d'adoption des PV",
        unit=DAYS,
        module="meetings",
        description="Médiane des jours entre la réunion et l'adoption de son PV (en général à la réunion suivante).",
        legal_basis="C. trav. L2315-34",
        target=60.0,
        higher_is_better=False,
        warning_margin=30.0,
    ),
    IndicatorSpec(
        code="minutes_overdue",
        label="Procès-verbaux en retard",
        unit=MINUTES,
        module="meetings",
        description="PV des réunions de la période non transmis alors que leur délai est dépassé (à date).",
        legal_basis="C. trav. D2315-26",
        target=0.0,
        higher_is_better=False,
        warning_margin=1.0,
        snapshot=True,
    ),
)

CONSULTATION_SPECS: Final = (
    IndicatorSpec(
        code="consultations_not_deemed_negative",
        label=INDICATOR_LABELS["consultations_not_deemed_negative"],
        unit=PERCENT,
        module="consultations",
        description=(
            "Parmi les consultations dont le délai d'avis expire dans la période (1 mois, 2 avec expert, 3 avec "
            "expertises centrale et d'établissement, ou délai d'accord), part de celles où le comité a rendu un "
            "avis plutôt que d'être réputé consulté avec un avis négatif."
        ),
        legal_basis="C. trav. L2312-16, R2312-5, R2312-6",
        target=100.0,
        warning_margin=20.0,
        health_component="consultations_not_deemed_negative",
    ),
)

#: The establishment CSEs' opinions on projects consulted at the CSE central (issue 19).
ESTABLISHMENT_SPECS: Final = (
    IndicatorSpec(
        code="establishment_opinions_on_time",
        label="Avis des établissements transmis à temps",
        unit=PERCENT,
        module="consultations",
        description=(
            "Parmi les avis des CSE d'établissement attendus dans la période sur un projet consulté au CSE "
            "central, part de ceux rendus et transmis au CSE central au moins 7 jours avant son échéance ; les "
            "autres sont réputés négatifs."
        ),
        legal_basis="C. trav. R2312-6 II",
        target=100.0,
        warning_margin=20.0,
    ),
)

SSCT_SPECS: Final = (
    IndicatorSpec(
        code="ssct_inspections_done",
        label=INDICATOR_LABELS["ssct_inspections_done"],
        unit=PERCENT,
        module="ssct",
        description=(
            "Inspections en matière de santé, sécurité et conditions de travail dont le rapport a été rendu dans "
            "la période, rapportées au minimum dû au prorata de la période écoulée (au moins autant que les 4 "
            "réunions SSCT annuelles dès 50 salariés). Pour l'organisation, le minimum est celui de chaque CSE ; "
            "les inspections menées par une CSSCT par délégation comptent."
        ),
        legal_basis="C. trav. L2312-13, R2312-4, L2315-38",
        target=100.0,
        warning_margin=25.0,
        health_component="ssct_inspections_done",
    ),
    IndicatorSpec(
        code="ssct_accident_inquiries_done",
        label="Enquêtes après accident grave réalisées",
        unit=PERCENT,
        module="ssct",
        description=(
            "Parmi les accidents du travail graves et maladies professionnelles survenus dans la période, part "
            "de ceux dont l'enquête a donné lieu à un rapport (à date) ; le détail distingue les enquêtes en "
            "attente encore dans le délai de 30 jours et celles en retard."
        ),
        legal_basis="C. trav. L2312-13",
        target=100.0,
        warning_margin=20.0,
    ),
    IndicatorSpec(
        code="ssct_actions_overdue",
        label="Actions SSCT en retard",
        unit=ACTIONS,
        module="ssct",
        description=(
            "Actions de suivi des missions SSCT non réalisées (ni annulées) dont l'échéance est dépassée, au "
            "dernier jour de la période ou aujourd'hui si la période n'est pas finie."
        ),
        legal_basis="C. trav. L2312-13, L4121-1",
        target=0.0,
        higher_is_better=False,
        warning_margin=2.0,
        snapshot=True,
    ),
)

NEGOTIATION_SPECS: Final = (
    IndicatorSpec(
        code="nao_on_schedule",
        label=INDICATOR_LABELS["nao_on_schedule"],
        unit=PERCENT,
        module="negotiations",
        description=(
            "Échéances des blocs obligatoires de NAO (rémunération, égalité et QVCT, GEPP dès 300 salariés) "
            "tombant dans la période (jusqu'à aujourd'hui si elle court) : part de celles où la négociation a été "
            "ouverte au plus tard à l'échéance (périodicité de l'accord de méthode en vigueur, à défaut 1, 1 et "
            "3 ans). Un bloc jamais ouvert compte comme une échéance manquée. Mesure de l'organisation."
        ),
        legal_basis="C. trav. L2242-1, L2242-2, L2242-11, L2242-13",
        target=100.0,
        warning_margin=20.0,
        health_component="nao_on_schedule",
    ),
    IndicatorSpec(
        code="negotiations_agreements_signed",
        label="Accords signés / négociations conclues",
        unit=PERCENT,
        module="negotiations",
        description=(
            "Parmi les négociations conclues dans la période par un accord signé ou un procès-verbal de "
            "désaccord, part de celles conclues par un accord ; le détail compte aussi les abandons."
        ),
        legal_basis="C. trav. L2232-12, L2242-5",
        target=75.0,
        warning_margin=25.0,
    ),
    IndicatorSpec(
        code="negotiation_sessions_median",
        label="Nombre médian de séances par négociation",
        unit=SESSIONS,
        module="negotiations",
        description=(
            "Médiane, sur les négociations conclues dans la période (accord ou désaccord), du nombre de séances "
            "de négociation tenues."
        ),
        legal_basis="C. trav. L2242-5 (issue de la négociation : accord ou procès-verbal de désaccord)",
    ),
)

DELEGATION_SPECS: Final = (
    IndicatorSpec(
        code="delegation_hours_used",
        label="Heures de délégation utilisées",
        unit=HOURS,
        module="delegation",
        description=(
            "Heures de délégation déduites du crédit des élus dans la période (après corrections), hors temps non "
            "déduit des réunions convoquées par l'employeur, des enquêtes après accident grave et du danger grave "
            "et imminent ; le détail donne ce temps non déduit."
        ),
        legal_basis="C. trav. R2314-1, L2315-7, R2315-5, L2315-11",
    ),
)

#: budget (issue 18): the CSE's budgets.
BUDGET_SPECS: Final = (
    IndicatorSpec(
        code="budget_consumed",
        label="Budget consommé",
        unit=PERCENT,
        module="budgets",
        description=(
            "Part des budgets de l'exercice en cours (subvention de fonctionnement et contribution aux activités "
            "sociales et culturelles) dépensée au dernier jour de la période, transferts entre budgets exclus."
        ),
        legal_basis="C. trav. L2315-61 (subvention de fonctionnement), L2312-81 (activités sociales et culturelles)",
        snapshot=True,
    ),
)

ALL_SPECS: Final[tuple[IndicatorSpec, ...]] = (
    *MEETING_SPECS,
    *CONSULTATION_SPECS,
    *REGISTER_SPECS,
    *QVT_SPECS,
    *SSCT_SPECS,
    *NEGOTIATION_SPECS,
    *ESTABLISHMENT_SPECS,
    *DELEGATION_SPECS,
    *BUDGET_SPECS,
    HEALTH_SCORE,
)
SPECS: Final[Mapping[str, IndicatorSpec]] = {spec.code: spec for spec in ALL_SPECS}
