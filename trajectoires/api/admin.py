"""Personal API tokens in the admin site (`accounts.admin_scope.ScopedAdmin`).

- **Creating**: the form has no user field: the token is the administrator's own
  (`request.user`), and only if the API answers them anything (`perms.can_use_api`). No one
  creates a token for someone else here; a token for another account is created on the server,
  by `trajectoires jeton_api` (journalled as a command).
- **Listing, revoking, deleting**: the tokens of the Mission Locale's users (the network
  administrator: every token). A revoked token stays revoked.
- Creation, revocation and deletion are written in the audit journal by the model
  (`ApiToken.save`, `rgpd.audit.record_token`)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from trajectoires.accounts.admin_scope import ScopedAdmin
from trajectoires.accounts.perms import can_use_api
from trajectoires.api.models import ApiToken


ADMIN_ORIGIN = "administration"


@admin.register(ApiToken)
class ApiTokenAdmin(ScopedAdmin):
    scope = "user__structure"
    list_display = ("nom", "user", "prefixe", "cree_le", "expire_le", "utilise_le", "revoque")
    list_filter = ("revoque",)
    list_select_related = ("user",)
    search_fields = ("nom", "user__username", "prefixe")
    actions = ["revoquer"]

    def scope_filter(self, structure_id: int) -> Q:
        return Q(user__structure_id=structure_id, user__administrateur_reseau=False)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return super().has_add_permission(request) and can_use_api(request.user)

    def get_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> Any:
        if obj is None:
            return ("nom", "expire_le")
        return ("user", "nom", "prefixe", "cree_le", "expire_le", "utilise_le", "revoque")

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> Any:
        if obj is None:
            return ()
        fields = ["user", "nom", "prefixe", "cree_le", "expire_le", "utilise_le"]
        if obj.revoque:
            fields.append("revoque")
        return fields

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            if obj.revoque:
                obj.revoke(actor=request.user, request=request, origin=ADMIN_ORIGIN)
            return
        row, token = ApiToken.issue(
            request.user, obj.nom, expire_le=obj.expire_le, actor=request.user, request=request, origin=ADMIN_ORIGIN
        )
        obj.pk = row.pk
        obj.user = row.user
        obj._state.adding = False
        messages.warning(
            request,
            f"Jeton créé pour votre compte ({request.user.username}) : {token} — copiez-le maintenant, il ne sera "
            "plus jamais affiché (seule son empreinte est conservée).",
        )

    @admin.action(description="Révoquer les jetons sélectionnés", permissions=["change"])
    def revoquer(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = queryset.revoke(actor=request.user, request=request, origin=ADMIN_ORIGIN)
        self.message_user(request, f"{count} jeton(s) révoqué(s).", messages.SUCCESS)
