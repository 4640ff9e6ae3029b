"""Logging helpers (settings.LOGGING)."""

from __future__ import annotations

import logging


class NoClientErrorTraceback(logging.Filter):
    """On `django.request`: a 4xx answer (403 of the permission check, 404 out of scope) is an
    expected outcome, logged as one warning line without the exception's traceback; 5xx keep it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
