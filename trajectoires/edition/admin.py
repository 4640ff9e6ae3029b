"""Editions of the report and free pages in the admin site (`accounts.admin_scope.ScopedAdmin`).

An edition shows its title, period, filter and state, never its frozen report (`rapport`,
`contexte`: figures, lists, free pages) nor its error text: the report is read in the
application (edition pages), with its access checks. A published edition never changes; it may
be deleted. Free pages are written by the team for the report."""

from __future__ import annotations

from django.contrib import admin

from trajectoires.accounts.admin_scope import DELETE, VIEW, ScopedAdmin
from trajectoires.edition.models import Edition, PageLibre


EDITION_FIELDS = [
    "structure", "titre", "debut", "fin", "filtre_cle", "filtre_valeur", "status", "data_date", "generated_at",
    "created_at", "created_by",
]


@admin.register(Edition)
class EditionAdmin(ScopedAdmin):
    structure_actions = network_actions = frozenset({VIEW, DELETE})
    list_display = ("__str__", "structure", "debut", "fin", "filtre_cle", "filtre_valeur", "status", "generated_at")
    list_filter = ("status", "structure")
    fields = readonly_fields = EDITION_FIELDS

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return super().get_queryset(request).defer("rapport", "contexte")


@admin.register(PageLibre)
class PageLibreAdmin(ScopedAdmin):
    list_display = ("title", "kind", "structure", "order", "updated_at")
    list_filter = ("kind", "structure")
