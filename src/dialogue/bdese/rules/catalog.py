"""The legal structure of the BDESE: the ten rubriques of R2312-8 (< 300) and R2312-9 (>= 300), the themes of
L2312-36 mapped onto them, and the minimum themes an agreement must keep (L2312-21).

An organisation's agreement (L2312-21) may replace the default structure: `check_agreement_structure` refuses
one that leaves out a mandatory theme. Sub-themes are the sub-headings of the decree, one completeness line each.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dialogue.core.regime import HeadcountBand, regime_for


@dataclass(frozen=True, slots=True)
class SubTheme:
    code: str
    title: str


@dataclass(frozen=True, slots=True)
class Theme:
    """A rubrique of the BDESE, with its sub-themes and the L2312-21 minimum themes it covers."""

    code: str
    number: int
    title: str
    sub_themes: tuple[SubTheme, ...]
    covers: frozenset[str]
    not_applicable_allowed: bool = False

    def sub_theme(self, code: str) -> SubTheme | None:
        return next((sub for sub in self.sub_themes if sub.code == code), None)


@dataclass(frozen=True, slots=True)
class Structure:
    """The themes that apply to an organisation and the text that sets them."""

    basis: str
    themes: tuple[Theme, ...]

    def theme(self, code: str) -> Theme | None:
        return next((theme for theme in self.themes if theme.code == code), None)


#: L2312-21: the themes an agreement must keep at least (code → French label). Sous-traitance and the transfers
#: between the group's entities may be dropped by agreement.
MINIMUM_THEMES: dict[str, str] = {
    "investissement_social": "l'investissement social",
    "investissement_materiel": "l'investissement matériel et immatériel",
    "egalite": "l'égalité professionnelle entre les femmes et les hommes",
    "fonds_propres": "les fonds propres",
    "endettement": "l'endettement",
    "remunerations": "l'ensemble des éléments de la rémunération des salariés et dirigeants",
    "activites_sociales": "les activités sociales et culturelles",
    "financeurs": "la rémunération des financeurs",
    "flux_financiers": "les flux financiers à destination de l'entreprise",
    "environnement": "les conséquences environnementales de l'activité",
}

#: L2312-36, 1° to 10° (themes of the default BDESE) → the decree's rubrique; 8° "sous-traitance" is the
#: decree's rubrique 8 "Partenariats".
L2312_36_THEMES: dict[int, tuple[str, str]] = {
    1: ("Investissements : investissement social, investissement matériel et immatériel", "investissements"),
    2: ("Égalité professionnelle entre les femmes et les hommes au sein de l'entreprise", "egalite"),
    3: ("Fonds propres et endettement", "fonds_propres"),
    4: ("Ensemble des éléments de la rémunération des salariés et dirigeants", "remunerations"),
    5: ("Activités sociales et culturelles", "activites_sociales"),
    6: ("Rémunération des financeurs", "financeurs"),
    7: ("Flux financiers à destination de l'entreprise", "flux_financiers"),
    8: ("Sous-traitance", "partenariats"),
    9: ("Transferts commerciaux et financiers entre les entités du groupe", "transferts"),
    10: ("Conséquences environnementales de l'activité de l'entreprise", "environnement"),
}


def _subs(*pairs: tuple[str, str]) -> tuple[SubTheme, ...]:
    return tuple(SubTheme(code=code, title=title) for code, title in pairs)


_SOCIAL = (
    ("effectifs", "Évolution des effectifs par type de contrat, par âge, par ancienneté"),
    ("emplois_categories", "Évolution des emplois par catégorie professionnelle (femmes / hommes)"),
    ("handicap", "Travailleurs handicapés et déclaration obligatoire (DOETH)"),
    ("stagiaires", "Stagiaires de plus de 16 ans"),
    ("formation", "Formation professionnelle : orientations, plan, CPF, alternance, entretiens professionnels"),
    ("temps_travail", "Conditions de travail : durée du travail, temps partiel, programme de prévention (L2312-27)"),
)
#: R2312-9 1° A: the social indicators added from 300 employees.
_SOCIAL_300 = (
    ("embauches_departs", "Embauches, départs par motif, promotions, chômage partiel"),
    ("accidents_travail", "Accidents du travail : taux de fréquence et de gravité, maladies professionnelles"),
    ("absenteisme", "Absentéisme, travail de nuit et posté, exposition aux risques, médecine du travail"),
)
_MATERIAL = (("investissement_materiel", "Investissement matériel et immatériel : actifs, recherche, méthodes"),)


def _themes(at_least_300: bool) -> tuple[Theme, ...]:
    social = _SOCIAL + _SOCIAL_300 if at_least_300 else _SOCIAL
    egalite = (
        (
            ("egalite_indicateurs", "I. Indicateurs comparatifs : emploi, rémunérations, parcours, formation, santé"),
            ("egalite_articulation", "II. Articulation entre activité professionnelle et vie personnelle"),
            ("egalite_strategie", "III. Stratégie d'action : mesures, objectifs, coût, échéancier (R2242-2)"),
        )
        if at_least_300
        else (
            ("egalite_indicateurs", "A. Diagnostic chiffré par catégorie : embauche, formation, promotion, salaire"),
            ("egalite_strategie", "B. Stratégie d'action : mesures, objectifs, coût, échéancier (R2242-2)"),
        )
    )
    remunerations: tuple[tuple[str, str], ...] = (
        ("frais_personnel", "Frais de personnel, cotisations sociales"),
        ("evolution_remunerations", "Rémunérations par catégorie et par sexe : minimum, moyenne ou médiane"),
        ("epargne_salariale", "Épargne salariale : intéressement, participation"),
    )
    if at_least_300:
        remunerations += (
            ("hierarchie_remunerations", "Hiérarchie des rémunérations et dix rémunérations les plus élevées"),
            ("remunerations_accessoires", "Rémunérations accessoires, part variable liée à la performance"),
        )
    asc: tuple[tuple[str, str], ...] = (
        ("contribution_asc", "Contribution aux activités sociales et culturelles du CSE"),
        ("mecenat", "Mécénat"),
    )
    asc_title = "Activités sociales et culturelles"
    if at_least_300:
        asc = (
            (
                "representation_personnel",
                "Représentation du personnel : composition, participation par collège, "
                "heures de délégation, réunions, accords",
            ),
            *asc,
            ("protection_sociale", "Dépenses de complémentaire santé et de retraite"),
        )
        asc_title = "Représentation du personnel et activités sociales et culturelles"
    return (
        Theme(
            "investissements",
            1,
            "Investissements",
            _subs(*social, *_MATERIAL),
            frozenset({"investissement_social", "investissement_materiel"}),
        ),
        Theme(
            "egalite",
            2,
            "Égalité professionnelle entre les femmes et les hommes",
            _subs(*egalite),
            frozenset({"egalite"}),
        ),
        Theme(
            "fonds_propres",
            3,
            "Fonds propres, endettement et impôts",
            _subs(
                ("capitaux_propres", "Capitaux propres"),
                ("endettement", "Emprunts et dettes financières"),
                ("impots", "Impôts et taxes"),
            ),
            frozenset({"fonds_propres", "endettement"}),
        ),
        Theme(
            "remunerations",
            4,
            "Rémunération des salariés et dirigeants",
            _subs(*remunerations),
            frozenset({"remunerations"}),
        ),
        Theme("activites_sociales", 5, asc_title, _subs(*asc), frozenset({"activites_sociales"})),
        Theme(
            "financeurs",
            6,
            "Rémunération des financeurs",
            _subs(
                ("actionnaires", "Rémunération des actionnaires (dividendes)"),
                ("actionnariat_salarie", "Rémunération de l'actionnariat salarié"),
            ),
            frozenset({"financeurs"}),
            not_applicable_allowed=True,
        ),
        Theme(
            "flux_financiers",
            7,
            "Flux financiers à destination de l'entreprise",
            _subs(
                ("aides_publiques", "Aides publiques : nature, montant, conditions, utilisation"),
                ("reductions_impots", "Réductions d'impôts, exonérations et réductions de cotisations"),
                ("credits_impots", "Crédits d'impôts"),
                ("resultats", "Résultats : chiffre d'affaires, résultat, affectation"),
            ),
            frozenset({"flux_financiers"}),
        ),
        Theme(
            "partenariats",
            8,
            "Partenariats",
            _subs(
                ("prestations_fournies", "Partenariats conclus pour produire des services à une autre entreprise"),
                ("prestations_recues", "Partenariats conclus pour bénéficier des services d'une autre entreprise"),
            ),
            frozenset(),
        ),
        Theme(
            "transferts",
            9,
            "Transferts commerciaux et financiers entre les entités du groupe",
            _subs(("transferts_capitaux", "Transferts de capitaux"), ("cessions_fusions", "Cessions, fusions")),
            frozenset(),
            not_applicable_allowed=True,
        ),
        Theme(
            "environnement",
            10,
            "Environnement",
            _subs(
                ("politique_generale", "Politique générale en matière environnementale"),
                ("economie_circulaire", "Économie circulaire : déchets dangereux, eau, énergie"),
                ("changement_climatique", "Changement climatique : émissions de gaz à effet de serre"),
            ),
            frozenset({"environnement"}),
        ),
    )


R2312_8 = Structure(basis="R2312-8 (entreprises de moins de 300 salariés)", themes=_themes(False))
R2312_9 = Structure(basis="R2312-9 (entreprises d'au moins 300 salariés)", themes=_themes(True))


def default_structure(*, headcount: int) -> Structure:
    """R2312-9 from 300 employees, R2312-8 below (L2312-36 themes, rubriques of the decree)."""
    return R2312_9 if regime_for(headcount=headcount).band is HeadcountBand.FROM_300 else R2312_8


def l2312_36_theme(number: int) -> Theme:
    """The decree's rubrique that holds the L2312-36 theme `number` (8° sous-traitance → 8 "Partenariats")."""
    return next(theme for theme in R2312_8.themes if theme.code == L2312_36_THEMES[number][1])


class MissingMinimumThemes(ValueError):
    """An agreement structure that leaves out a theme L2312-21 makes mandatory."""

    def __init__(self, missing: Sequence[str]) -> None:
        self.missing = tuple(missing)
        labels = ", ".join(MINIMUM_THEMES[code] for code in self.missing)
        super().__init__(
            "L'accord sur la BDESE doit comporter au moins les thèmes fixés par l'article L2312-21 du Code du "
            f"travail ; il en manque : {labels}."
        )


def check_agreement_structure(themes: Iterable[Theme], *, reference: str) -> Structure:
    """L2312-21: an agreement sets the BDESE's organisation and content, with at least the minimum themes
    (sous-traitance and intra-group transfers may be dropped). Raise `MissingMinimumThemes` otherwise."""
    kept = tuple(themes)
    covered = set().union(*(theme.covers for theme in kept)) if kept else set()
    missing = [code for code in MINIMUM_THEMES if code not in covered]
    if missing:
        raise MissingMinimumThemes(missing)
    return Structure(basis=f"Accord L2312-21 : {reference}", themes=kept)
