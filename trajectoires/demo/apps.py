from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "trajectoires.demo"
    verbose_name = "Démonstration"
