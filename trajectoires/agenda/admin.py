"""Rooms of the Mission Locale's sites in the admin site (`accounts.admin_scope.ScopedAdmin`): a
structure administrator manages the rooms of their own sites; the network administrator, every
Mission Locale's. Appointments, sessions and CEJ hours are not in the admin: they are the young
people's data (docs/decisions.md, row 12)."""

from __future__ import annotations

from django.contrib import admin

from trajectoires.accounts.admin_scope import ScopedAdmin
from trajectoires.agenda.models import Salle


@admin.register(Salle)
class SalleAdmin(ScopedAdmin):
    list_display = ["nom", "site", "actif", "structure"]
    list_filter = ["actif", "site"]
    search_fields = ["nom"]
    fields = ["structure", "site", "nom", "actif"]
    list_select_related = ["site", "structure"]
