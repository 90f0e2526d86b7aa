"""Append-only audit trail of every write.

The organisation and actor columns are foreign keys to tables of `organizations` and `auth`, whose services
write here: they are named lazily (`LazyTableReference`), so the audit log sits below both in the import graph
while the schema keeps its constraints (same columns, same `ON DELETE`)."""

from piccolo.columns import JSON, Boolean, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.reference import LazyTableReference
from piccolo.table import Table

Organization = LazyTableReference("Organization", module_path="dialogue.organizations.tables")
User = LazyTableReference("User", module_path="dialogue.auth.tables")


class AuditEvent(Table, tablename="audit_event"):
    id = Serial(primary_key=True)
    organization: ForeignKey[Table] = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False)
    actor: ForeignKey[Table] = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    action = Varchar(length=60, help_text="create, update, delete, convene, …")
    entity = Varchar(length=60)
    entity_id = Varchar(length=60)
    before = JSON(null=True, default=None)
    after = JSON(null=True, default=None)
    at = Timestamptz(index=True)
    request_id = Varchar(length=64, null=True, default=None)
    body = Integer(
        null=True, default=None, index=True, help_text="Instance concernée (historique de l'instance), le cas échéant"
    )
    confidential = Boolean(
        default=False,
        help_text="Élément confidentiel (L2315-3) : textes remplacés par « [confidentiel] » à l'écriture",
    )
