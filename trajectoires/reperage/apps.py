from django.apps import AppConfig


class ReperageConfig(AppConfig):
    name = "trajectoires.reperage"
    verbose_name = "Repérage (aller vers)"
