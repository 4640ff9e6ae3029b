"""The admin application of INSTALLED_APPS (in place of "django.contrib.admin")."""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """django.contrib.admin with the project's site (`accounts.admin_scope.AdminSite`: limited to
    the administrator's Mission Locale). Once the admin module of every app is loaded, the
    third-party models are put under `ScopedAdmin` or taken out (`admin_third_party.install`)."""

    default_site = "trajectoires.accounts.admin_scope.AdminSite"

    def ready(self) -> None:
        super().ready()  # autodiscover: every app's admin module
        from trajectoires.accounts import admin_third_party

        admin_third_party.install()
