"""Indicator settings: an organisation's own weights for the dialogue health score."""

from piccolo.columns import JSON, ForeignKey, Serial, Timestamptz
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from dialogue.auth.tables import User
from dialogue.organizations.tables import Organization


class IndicatorWeights(Table, tablename="indicator_weights"):
    """Overrides of the health score's default weights (indicators/rules.DEFAULT_WEIGHTS), one row per organisation."""

    id = Serial(primary_key=True)
    organization = ForeignKey(Organization, on_delete=OnDelete.cascade, index=True, null=False, unique=True)
    weights = JSON(
        default="{}", help_text="{composante: poids ≥ 0} ; les composantes absentes gardent le poids par défaut"
    )
    updated_by = ForeignKey(User, on_delete=OnDelete.set_null, null=True, default=None)
    updated_at = Timestamptz()
