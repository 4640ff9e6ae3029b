from django.contrib import admin

from trajectoires.dispositifs.models import Dispositif


@admin.register(Dispositif)
class DispositifAdmin(admin.ModelAdmin):
    list_display = ["ext_id", "nom", "echelon", "date_debut", "date_fin", "structure"]
    list_filter = ["structure"]
