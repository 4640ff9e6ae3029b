from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "trajectoires.interchange"
    verbose_name = "Format d'échange"
