from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "trajectoires.accounts"
    verbose_name = "Comptes et équipe"
