from django.apps import AppConfig


class RapportsConfig(AppConfig):
    name = "trajectoires.rapports"
    verbose_name = "Rapport d'activité"
