"""The one importer of the interchange format (../shared/spec/interchange.md).

`import_dataset(source, structure)` reads the dataset (folder or .zip) once: each chunk of rows
is validated and, as long as no problem has been found, written, in one transaction that is
rolled back if the validation finds any problem (so nothing is written then), committed
otherwise, as an upsert by (structure, id). It never raises for bad data: the returned
`ImportResult` lists the problems (`file:line: column: value: reason`, in French) or the rows
created, updated and unchanged per file.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from trajectoires.interchange import writer
from trajectoires.interchange.report import ImportResult, ProblemList
from trajectoires.interchange.signals import dataset_imported, dataset_written
from trajectoires.interchange.source import SourceError, open_source
from trajectoires.interchange.validation import Progress, Validator
from trajectoires.rapports.blocs import after_import as rapports_blocs_after_import
from trajectoires.rapports.evenements import ImportedEvents, after_import as rapports_after_import
from trajectoires.structures.models import Structure
from trajectoires.utils.memory import cyclic_gc_paused


def import_dataset(
    source: Path, structure: Structure, *, progress: Progress | None = None, today: date | None = None
) -> ImportResult:
    """Imports the dataset at `source` into `structure`.

    `progress(file_name, rows_done, rows_total)` is called while reading: `rows_total` is None
    for the rows validated and the file's (estimated) row count for the rows written.
    `today` is the import day (default: today in Europe/Paris), the bound of past facts."""
    started = time.monotonic()
    source = Path(source)
    result = ImportResult(source=str(source), structure=structure.code)
    problems = ProblemList()
    try:
        with cyclic_gc_paused(), open_source(source) as dataset:
            events = ImportedEvents()  # a first load's packed events for the report, seen as written
            with writer.import_transaction(dataset, structure, progress, {"evenements.csv": events}) as sink:
                Validator(dataset, structure, problems, today or timezone.localdate(), progress, sink).run()
                if problems:
                    transaction.set_rollback(True)  # nothing written stays
                elif sink.failure is not None:
                    raise sink.failure  # a key violation the validation did not explain
                else:
                    result.files = sink.stats
                    rapports_after_import(
                        structure, sink.stats, events
                    )  # the report's packed events, same transaction
                    rapports_blocs_after_import(structure, sink.stats)  # its packed enrolments, situations, help
                    # The journal entry, the data date, the note of the search keys to rebuild:
                    # in the import's own transaction, so no import commits without them.
                    dataset_written.send(sender=import_dataset, structure=structure, result=result)
    except SourceError as error:
        problems.add(source.name, 0, "", "", str(error))
    result.ok = not problems
    result.problems = problems.sorted()
    result.problems_total = problems.total
    result.seconds = time.monotonic() - started
    if result.ok:
        dataset_imported.send(sender=import_dataset, structure=structure, result=result)
    return result
