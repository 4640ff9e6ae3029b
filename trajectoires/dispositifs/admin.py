from django.contrib import admin

from trajectoires.accounts.admin_scope import ScopedAdmin
from trajectoires.dispositifs.models import Dispositif


@admin.register(Dispositif)
class DispositifAdmin(ScopedAdmin):
    """The Mission Locale's local programmes (the built-in catalogue needs no row)."""

    list_display = ["ext_id", "nom", "echelon", "date_debut", "date_fin", "structure"]
    list_filter = ["structure"]
