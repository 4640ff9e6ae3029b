"""The import's progress on a terminal (rich), silent elsewhere."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from trajectoires.interchange.validation import Progress as ProgressCallback


@contextmanager
def progress_display(stream: TextIO) -> Iterator[ProgressCallback | None]:
    """A progress callback showing one bar per file and pass (vérification, écriture), or None
    when `stream` is not a terminal."""
    console = Console(file=stream)
    if not console.is_terminal:
        yield None
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as bars:
        tasks: dict[tuple[str, bool], int] = {}

        def callback(name: str, done: int, total: int | None) -> None:
            key = (name, total is not None)
            if key not in tasks:
                label = f"Écriture     {name}" if total is not None else f"Vérification {name}"
                tasks[key] = bars.add_task(label, total=total)
            bars.update(tasks[key], completed=done)

        yield callback
