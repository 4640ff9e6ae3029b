"""The audit journal is read by the direction in the application (rgpd:journal), never in the
admin site: administrators read no case content (docs/permissions.md). django-auditlog
registers its entry model in the admin; it is taken out here (auditlog comes first in
INSTALLED_APPS, so its admin module is loaded before this one)."""

from __future__ import annotations

from django.contrib import admin

from trajectoires.rgpd.models import AuditEntry


if admin.site.is_registered(AuditEntry):
    admin.site.unregister(AuditEntry)
