from django.contrib import admin

from trajectoires.accounts.admin_scope import READ_ONLY, ScopedAdmin
from trajectoires.aides.models import PlafondAide


@admin.register(PlafondAide)
class PlafondAideAdmin(ScopedAdmin):
    """Aid caps have no Mission Locale: one table for the whole network, read-only for a
    structure administrator, changed by the network administrator."""

    scope = None
    structure_actions = READ_ONLY
    list_display = ["type", "public", "date_debut", "date_fin", "plafond_mensuel", "plafond_12_mois"]
    list_filter = ["type", "public"]
