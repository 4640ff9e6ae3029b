"""The `trajectoires` command: Django's manage.py, installed as a console script."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trajectoires.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:  # e.g. no secret key in production: say it in one line
        sys.exit(f"Trajectoires ne peut pas démarrer. {error}")


if __name__ == "__main__":
    main()
