from django.apps import AppConfig


class ManifestationsConfig(AppConfig):
    name = "trajectoires.manifestations"
    verbose_name = "Manifestations"
