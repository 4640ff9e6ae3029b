"""Signals of the interchange app. The importer writes with raw SQL (no model signals), so
apps that keep derived data (the workspace's search index) listen to `dataset_imported`."""

from __future__ import annotations

from django.dispatch import Signal


# Sent after a successful import has committed: kwargs `structure`, `result` (ImportResult).
dataset_imported = Signal()
