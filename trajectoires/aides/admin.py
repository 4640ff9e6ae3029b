from django.contrib import admin

from trajectoires.aides.models import PlafondAide


@admin.register(PlafondAide)
class PlafondAideAdmin(admin.ModelAdmin):
    list_display = ["type", "public", "date_debut", "date_fin", "plafond_mensuel", "plafond_12_mois"]
    list_filter = ["type", "public"]
