from django.apps import AppConfig


class AidesConfig(AppConfig):
    name = "trajectoires.aides"
    verbose_name = "Aides financières"
