from __future__ import annotations

from django.contrib import admin

from trajectoires.edition.models import Edition, PageLibre


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "structure", "debut", "fin", "filtre_cle", "filtre_valeur", "status", "generated_at")
    list_filter = ("status", "structure")
    readonly_fields = [f.name for f in Edition._meta.fields]  # a published edition never changes

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(PageLibre)
class PageLibreAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "structure", "order", "updated_at")
    list_filter = ("kind", "structure")
