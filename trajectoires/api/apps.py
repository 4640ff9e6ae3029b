from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "trajectoires.api"
    label = "api"
    verbose_name = "API REST"
