from django.apps import AppConfig


class AccompagnementConfig(AppConfig):
    name = "trajectoires.accompagnement"
    verbose_name = "Accompagnement (événements)"
