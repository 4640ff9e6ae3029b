from django.contrib import admin

from trajectoires.accounts.admin_scope import READ_ONLY, ScopedAdmin
from trajectoires.satisfaction.models import ReponseSatisfaction


@admin.register(ReponseSatisfaction)
class ReponseSatisfactionAdmin(ScopedAdmin):
    """Survey answers come from the imports (satisfaction.csv): read-only here, and without the
    respondent's identifier (`repondant`, which may name a young person): the answer only."""

    structure_actions = network_actions = READ_ONLY
    list_display = ["date", "public", "question", "reponse", "structure"]
    list_filter = ["structure", "public"]
    fields = readonly_fields = ["structure", "ext_id", "date", "public", "question", "reponse"]
