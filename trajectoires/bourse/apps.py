from django.apps import AppConfig


class BourseConfig(AppConfig):
    name = "trajectoires.bourse"
    verbose_name = "Bourse à l'emploi"
