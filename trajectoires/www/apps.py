from django.apps import AppConfig


class WwwConfig(AppConfig):
    name = "trajectoires.www"
    verbose_name = "Pages"
