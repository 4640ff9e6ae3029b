from django.apps import AppConfig


class SituationsConfig(AppConfig):
    name = "trajectoires.situations"
    verbose_name = "Situations"
