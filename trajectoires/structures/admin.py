"""The Mission Locale, its territory and sites, and the national QPV list in the admin site
(`accounts.admin_scope.ScopedAdmin`): a structure administrator sees their own Mission Locale
(read-only: its code names it in imports and exports), manages its communes and sites, and reads
the QPV list, which only the network administrator changes (it is shared by the network)."""

from django.contrib import admin

from trajectoires.accounts.admin_scope import READ_ONLY, ScopedAdmin
from trajectoires.structures.models import Commune, Qpv, Site, Structure


@admin.register(Structure)
class StructureAdmin(ScopedAdmin):
    scope = "pk"
    structure_actions = READ_ONLY
    list_display = ["code", "nom"]
    search_fields = ["code", "nom"]


@admin.register(Commune)
class CommuneAdmin(ScopedAdmin):
    list_display = ["ext_id", "nom", "epci", "secteur", "zrr", "structure"]
    list_filter = ["structure", "zrr", "epci", "secteur"]
    search_fields = ["ext_id", "nom"]
    list_editable = ["secteur", "zrr"]


@admin.register(Site)
class SiteAdmin(ScopedAdmin):
    list_display = ["nom", "type", "commune", "structure"]
    list_filter = ["structure", "type"]


@admin.register(Qpv)
class QpvAdmin(ScopedAdmin):
    scope = None  # national reference list, shared by the network
    structure_actions = READ_ONLY
    list_display = ["code", "nom", "commune", "valid_from", "valid_to"]
    search_fields = ["code", "nom"]
