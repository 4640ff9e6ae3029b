"""The models other packages put in the admin site, limited to a Mission Locale or taken out
(docs/securite.md, "Le site d'administration"). `install()` runs once every admin module is
loaded (`accounts.admin_app.AdminConfig.ready`).

- `auth.Group`: out. Groups and Django permissions give nothing in this product (the role
  decides), and a group belongs to no Mission Locale.
- `otp_totp.TOTPDevice` (second factor): the devices of the Mission Locale's users, to see and
  to delete a lost one (the user enrols again at the next login); never the key nor the QR
  code, no creation or change: a device is enrolled by its owner only.
- django-axes' attempts and logs: the rows whose username is a user of the Mission Locale;
  attempts may be deleted (unlocks the account), the logs are read-only.
- auditlog's entries: out (`rgpd/admin.py`); the direction reads the journal in the application.
- Sessions are not registered by Django; they stay out.
"""

from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db.models import Q
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from trajectoires.accounts.admin_scope import DELETE, READ_ONLY, VIEW, ScopedAdmin


def _users_of(structure_id: int) -> Any:
    from trajectoires.accounts.models import User

    return User.objects.filter(structure_id=structure_id, administrateur_reseau=False).values("username")


class TOTPDeviceAdmin(ScopedAdmin):
    scope = "user__structure"
    structure_actions = network_actions = frozenset({VIEW, DELETE})
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__last_name", "name"]
    fields = readonly_fields = ["user", "name", "confirmed", "created_at", "last_used_at"]

    def scope_filter(self, structure_id: int) -> Q:
        return Q(user__structure_id=structure_id, user__administrateur_reseau=False)


class _AxesScoped(ScopedAdmin):
    """Login attempts and logs carry a username, not a user: those of the Mission Locale's users."""

    scope = "username"

    def scope_filter(self, structure_id: int) -> Q:
        return Q(username__in=_users_of(structure_id))

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        actions.pop("cleanup_expired_attempts", None)  # cleans every Mission Locale's attempts
        return actions


class ScopedAccessAttemptAdmin(_AxesScoped, AccessAttemptAdmin):
    structure_actions = network_actions = frozenset({VIEW, DELETE})


class ScopedAccessLogAdmin(_AxesScoped, AccessLogAdmin):
    structure_actions = network_actions = READ_ONLY


class ScopedAccessFailureLogAdmin(_AxesScoped, AccessFailureLogAdmin):
    structure_actions = network_actions = READ_ONLY


REPLACED: dict[type, type[ScopedAdmin]] = {
    TOTPDevice: TOTPDeviceAdmin,
    AccessAttempt: ScopedAccessAttemptAdmin,
    AccessLog: ScopedAccessLogAdmin,
    AccessFailureLog: ScopedAccessFailureLogAdmin,
}
REMOVED = (Group,)


def install(site: admin.AdminSite | None = None) -> None:
    site = site or admin.site
    for model in REMOVED:
        if site.is_registered(model):
            site.unregister(model)
    for model, model_admin in REPLACED.items():
        if site.is_registered(model):
            site.unregister(model)
        site.register(model, model_admin)
