from django.contrib import admin

from trajectoires.structures.models import Commune, Qpv, Site, Structure


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
    list_display = ["code", "nom"]
    search_fields = ["code", "nom"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["ext_id", "nom", "epci", "secteur", "zrr", "structure"]
    list_filter = ["structure", "zrr", "epci", "secteur"]
    search_fields = ["ext_id", "nom"]
    list_editable = ["secteur", "zrr"]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["nom", "type", "commune", "structure"]
    list_filter = ["structure", "type"]


@admin.register(Qpv)
class QpvAdmin(admin.ModelAdmin):
    list_display = ["code", "nom", "commune", "valid_from", "valid_to"]
    search_fields = ["code", "nom"]
