from django.apps import AppConfig


class EntreprisesConfig(AppConfig):
    name = "trajectoires.entreprises"
    verbose_name = "Entreprises"
