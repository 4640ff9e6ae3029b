"""Memory helpers shared by the long computations (the importer, the report engine)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while the block runs.

    An import or a report allocates millions of short-lived rows, ints and sets, freed by
    reference counting (they form no cycles); the cyclic collector would otherwise run full
    collections over and over, for some 10 to 20 % of the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
