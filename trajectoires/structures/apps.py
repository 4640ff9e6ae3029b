from django.apps import AppConfig


class StructuresConfig(AppConfig):
    name = "trajectoires.structures"
    verbose_name = "Structures et territoire"
