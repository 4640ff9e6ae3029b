"""Signals of the interchange app. The importer writes with raw SQL (no model signals), so
apps that keep derived data listen to these two:

- `dataset_written`: sent **inside** the import's transaction, once every row is written and
  checked: what must be true if and only if the import is (the audit journal's entry, the data
  date, a note of the work to do after the commit) is written by its receivers, and rolled
  back with the import if anything fails;
- `dataset_imported`: sent after the commit, for work too long for the transaction (the search
  keys of renamed young people). Such work must be idempotent and resumable: a process killed
  between the commit and its end leaves the note written by its `dataset_written` receiver,
  and the work is done at the next use or by a command (docs/securite.md, finding 8).
"""

from __future__ import annotations

from django.dispatch import Signal


# Sent inside the import's transaction, the rows written: kwargs `structure`, `result` (ImportResult).
dataset_written = Signal()
# Sent after a successful import has committed: kwargs `structure`, `result` (ImportResult).
dataset_imported = Signal()
