from django.contrib import admin

from trajectoires.manifestations.models import Manifestation


@admin.register(Manifestation)
class ManifestationAdmin(admin.ModelAdmin):
    list_display = ["date", "titre", "type", "jeunes", "partenaires", "structure"]
    list_filter = ["structure"]
