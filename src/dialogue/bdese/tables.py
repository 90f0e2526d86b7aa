"""The BDESE (L2312-18): its items per theme and year, the log of its readings, and an agreement's structure.

`document_id` names a document of the documents module by a plain indexed integer (no foreign key): the
documents space is built alongside, and the existence and access check is wired when both meet.
"""

from piccolo.columns import JSON, Boolean, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from dialogue.auth.tables import User
from dialogue.organizations.tables import Organization


class BdeseItem(Table, tablename="bdese_item"):
    """One piece of information of the BDESE for one year: figures, a text, or a document."""

    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    theme = Varchar(length=40, help_text="Rubrique (code de bdese.rules : investissements, egalite…)")
    sub_theme = Varchar(length=60, null=True, default=None, help_text="Sous-rubrique (code), le cas échéant")
    year = Integer(index=True, help_text="Année concernée (R2312-10 : N-2 à N+3)")
    status = Varchar(length=20, help_text="actual, forecast (perspectives), not_applicable (rubriques 6 et 9)")
    title = Varchar(length=300)
    figures = JSON(null=True, default=None, help_text="Chiffres : libellé → valeur")
    text = Text(null=True, default=None, help_text="Texte libre, grandes tendances des perspectives")
    document_id = Integer(null=True, default=None, index=True, help_text="Document (module documents), sans clé")
    economic_alert = Boolean(default=False, help_text="Information du droit d'alerte économique (L2312-67)")
    confidential_until = Date(null=True, default=None, help_text="Confidentiel jusqu'au (R2312-13)")
    confidentiality_reason = Text(null=True, default=None, help_text="Justification objective (R2312-13)")
    created_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    published_at = Timestamptz(
        null=True, default=None, help_text="Dernière mise à disposition notifiée (R2312-5 : point de départ du délai)"
    )
    published_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)


class BdeseAccess(Table, tablename="bdese_access"):
    """One reading of the BDESE by a reader (L2312-36): who, what (an item, a theme, a year, an export), when."""

    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True, null=False)
    action = Varchar(length=20, help_text="view (la base d'une année), item, export")
    item_id = Integer(null=True, default=None, help_text="Information consultée")
    theme = Varchar(length=40, null=True, default=None)
    year = Integer(null=True, default=None)
    at = Timestamptz(index=True)


class BdeseAgreement(Table, tablename="bdese_agreement"):
    """The structure set by an agreement (L2312-21), replacing the default one; one per organisation."""

    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False, unique=True)
    reference = Varchar(length=300, help_text="Accord : intitulé et date")
    themes = JSON(default="[]", help_text="Rubriques de l'accord : code, titre, sous-rubriques, thèmes couverts")
    recorded_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    recorded_at = Timestamptz()
