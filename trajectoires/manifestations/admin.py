from django.contrib import admin

from trajectoires.accounts.admin_scope import ScopedAdmin
from trajectoires.manifestations.models import Manifestation


@admin.register(Manifestation)
class ManifestationAdmin(ScopedAdmin):
    list_display = ["date", "titre", "type", "jeunes", "partenaires", "structure"]
    list_filter = ["structure"]
    # The employers present change through the event's page (manifestations/services.py), which
    # keeps the count of partners true: not here.
    exclude = ["employeurs"]
