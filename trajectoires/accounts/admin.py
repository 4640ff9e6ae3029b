"""Accounts and counsellors in the admin site, limited to the administrator's Mission Locale
(`admin_scope.ScopedAdmin`, docs/securite.md "Le site d'administration").

A structure administrator manages the accounts of their Mission Locale: identity, role,
activation, `is_staff`, password. They never see the network administrators' accounts, never
set `is_superuser`, `administrateur_reseau` nor the Mission Locale (a new account is created
in theirs). Groups and Django permissions are not used (the role decides) and not shown."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Q

from trajectoires.accounts.admin_scope import ScopedAdmin
from trajectoires.accounts.models import Conseiller, User


@admin.register(User)
class UserAdmin(ScopedAdmin, BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "structure", "is_active", "administrateur_reseau"]
    list_filter = ["role", "structure", "is_active", "administrateur_reseau"]
    search_fields = ["username", "first_name", "last_name", "email"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Identité", {"fields": ("first_name", "last_name", "email")}),
        ("Mission Locale", {"fields": ("structure", "role")}),
        ("Accès", {"fields": ("is_active", "is_staff", "administrateur_reseau", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2", "structure", "role"),
            },
        ),
    )
    filter_horizontal = ()
    network_only_fields = ("structure", "is_superuser", "administrateur_reseau")

    def scope_filter(self, structure_id: int) -> Q:
        # The network administrators' accounts are out of a structure administrator's reach,
        # even when attached to their Mission Locale.
        return Q(structure_id=structure_id, administrateur_reseau=False)


@admin.register(Conseiller)
class ConseillerAdmin(ScopedAdmin):
    list_display = ["nom", "prenom", "site", "actif", "user", "structure"]
    list_filter = ["structure", "actif", "site"]
    search_fields = ["nom", "prenom"]
    fields = ["structure", "ext_id", "nom", "prenom", "site", "actif", "user"]
