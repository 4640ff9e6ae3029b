from django.contrib import admin, messages

from trajectoires.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("nom", "user", "prefixe", "cree_le", "expire_le", "utilise_le", "revoque")
    list_filter = ("revoque",)
    search_fields = ("nom", "user__username", "prefixe")
    readonly_fields = ("prefixe", "cree_le", "utilise_le")
    fields = ("user", "nom", "expire_le", "revoque", "prefixe", "cree_le", "utilise_le")

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if change:
            super().save_model(request, obj, form, change)
            return
        row, token = ApiToken.issue(obj.user, obj.nom, expire_le=obj.expire_le)
        obj.pk = row.pk
        obj._state.adding = False
        messages.warning(
            request, f"Jeton créé : {token} — copiez-le maintenant, il ne sera plus jamais affiché (seule son empreinte est conservée)."
        )
