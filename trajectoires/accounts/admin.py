from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from trajectoires.accounts.models import Conseiller, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "structure", "is_active"]
    list_filter = ["role", "structure", "is_active"]
    fieldsets = BaseUserAdmin.fieldsets + (("Mission Locale", {"fields": ("structure", "role")}),)


@admin.register(Conseiller)
class ConseillerAdmin(admin.ModelAdmin):
    list_display = ["nom", "prenom", "site", "actif", "user", "structure"]
    list_filter = ["structure", "actif", "site"]
    search_fields = ["nom", "prenom"]
    raw_id_fields = ["user"]
