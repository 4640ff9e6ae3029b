from django.apps import AppConfig


class ParrainageConfig(AppConfig):
    name = "trajectoires.parrainage"
    verbose_name = "Parrainage"
