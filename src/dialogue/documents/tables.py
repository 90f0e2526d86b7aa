"""Documents of an organisation (issue 16): metadata and versions in the database, bytes in the store.

A new version never erases an old one: versions are only ever inserted, and `document.version` names the
current one. `document_access` logs every download and every first view by a member (who, version, when).
Unique (document, version) and the indexes are in the `*_documents.py` migration.
"""

from piccolo.columns import BigInt, Boolean, Date, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from dialogue.auth.tables import User
from dialogue.organizations.tables import Organization


class Document(Table, tablename="document"):
    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.restrict, index=True, null=False)
    title = Varchar(length=300, help_text="Intitulé affiché (par défaut le nom du fichier)")
    confidential = Boolean(default=False, help_text="Présenté comme confidentiel par l'employeur (L2315-3)")
    created_by = ForeignKey(User, on_delete=OnDelete.restrict, null=False)
    created_at = Timestamptz()
    version = Integer(default=1, help_text="Numéro de la version courante (1, 2, 3…)")
    kind = Varchar(length=40, default="other", help_text="Nature du texte (documents/kinds.py) : fixe sa conservation")


class DocumentVersion(Table, tablename="document_version"):
    """One uploaded file; its bytes are only deleted by `dialogue purge` once its retention ended (`purged_at`)."""

    id = Serial(primary_key=True)
    document = ForeignKey(Document, on_delete=OnDelete.restrict, null=False)
    version = Integer(help_text="Numéro de version dans le document (1, 2, 3…, sans trou)")
    filename = Varchar(length=255, help_text="Nom du fichier déposé")
    media_type = Varchar(length=120, help_text="Type reconnu d'après le contenu, non d'après l'extension")
    size = BigInt(help_text="Taille en octets")
    sha256 = Varchar(length=64, help_text="Empreinte SHA-256 du contenu (hexadécimal)")
    storage_key = Varchar(length=200, help_text="Clé de l'objet dans le stockage (DIALOGUE_STORAGE_URL)")
    uploaded_by = ForeignKey(User, on_delete=OnDelete.restrict, null=False)
    uploaded_at = Timestamptz()
    purged_at = Timestamptz(null=True, default=None, help_text="Octets effacés du stockage (conservation échue)")
    consultation_id = Integer(null=True, default=None, help_text="Consultation du CSE sur cette version (L4121-3)")


class DocumentAccess(Table, tablename="document_access"):
    """A download or a first view of a version, by a user (the evidence of what was given to whom)."""

    id = Serial(primary_key=True)
    document = ForeignKey(Document, on_delete=OnDelete.restrict, null=False)
    version = Integer(help_text="Version consultée")
    user = ForeignKey(User, on_delete=OnDelete.restrict, null=False)
    kind = Varchar(length=20, help_text="download ou first_view")
    at = Timestamptz(help_text="Horodatage serveur (UTC)")


class DocumentAttachment(Table, tablename="document_attachment"):
    """A document attached to an agenda item, a meeting, a consultation, minutes, an SSCT mission, a negotiation or
    a QVT action proposal (issue 16). `communicated_on` is the day it was given to the members (the convocation
    carrying it, or the day it was attached to a consultation): R2312-5 counts the consultation delay from
    there. Unique (document, target_kind, target_id) in the migration."""

    id = Serial(primary_key=True)
    document = ForeignKey(Document, on_delete=OnDelete.restrict, index=True, null=False)
    target_kind = Varchar(
        length=20, help_text="agenda_item, meeting, consultation, minutes, ssct_mission, negotiation ou qvt_action"
    )
    target_id = Integer(help_text="Identifiant du point, de la réunion ou de la consultation")
    attached_by = ForeignKey(User, on_delete=OnDelete.restrict, null=False)
    attached_at = Timestamptz()
    version = Integer(
        null=True, default=None, help_text="Version communiquée (fixée à la communication ; avant : la courante)"
    )
    communicated_on = Date(
        null=True, default=None, help_text="Jour de la communication aux membres (convocation), point de départ R2312-5"
    )
    role = Varchar(
        length=20,
        null=True,
        default=None,
        help_text="Rôle d'un document de négociation : draft, signed ou anonymised (dépôt, L2231-5-1)",
    )
