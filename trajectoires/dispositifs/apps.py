from django.apps import AppConfig


class DispositifsConfig(AppConfig):
    name = "trajectoires.dispositifs"
    verbose_name = "Dispositifs"
