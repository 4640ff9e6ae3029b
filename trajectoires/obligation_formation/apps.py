from django.apps import AppConfig


class ObligationFormationConfig(AppConfig):
    name = "trajectoires.obligation_formation"
    verbose_name = "Obligation de formation 16-18 ans"
