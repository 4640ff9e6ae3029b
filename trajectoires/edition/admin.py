from __future__ import annotations

from django.contrib import admin

from trajectoires.edition.models import Edition, PageLibre


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "structure", "debut", "fin", "filtre_cle", "filtre_valeur", "status", "generated_at")
    list_filter = ("status", "structure")
    # A published edition never changes. Its stored figures are exact: they are published only
    # under statistical secrecy (rapports/secret.py), so the admin does not show them.
    exclude = ("rapport",)
    readonly_fields = [f.name for f in Edition._meta.fields if f.name != "rapport"]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(PageLibre)
class PageLibreAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "structure", "order", "updated_at")
    list_filter = ("kind", "structure")
