from __future__ import annotations

import gc
import os

from django.core.wsgi import get_wsgi_application


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trajectoires.settings")
application = get_wsgi_application()


def _freeze_startup_objects() -> None:
    """Django, the apps, the URLconf and every view module stay for the life of the process:
    they are moved out of the cyclic garbage collector's reach (`gc.freeze`). Otherwise each
    full collection, about one request in 40 to 80 on the workspace pages, walks those 150,000
    objects again: 70 to 130 ms of CPU added to that one request (docs/workspace.md, "Pages
    under load")."""
    from django.urls import get_resolver

    _ = get_resolver().url_patterns  # imports every view module now rather than at the first request
    gc.collect()
    gc.freeze()


_freeze_startup_objects()
