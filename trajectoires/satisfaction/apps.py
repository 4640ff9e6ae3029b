from django.apps import AppConfig


class SatisfactionConfig(AppConfig):
    name = "trajectoires.satisfaction"
    verbose_name = "Satisfaction"
