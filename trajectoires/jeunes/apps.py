from django.apps import AppConfig


class JeunesConfig(AppConfig):
    name = "trajectoires.jeunes"
    verbose_name = "Jeunes"
