"""Pausing Python's cycle collector while an import builds its 100,000s of rows."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block; afterwards as before.

    Each row of a long file becomes a few lists and tuples, and every 700 new ones start
    a collection that walks all that are alive: on an import of 100,000 rows that was
    half of the time spent reading the file. Rows form no reference cycles, so reference
    counting frees them as before; cycles made elsewhere in the process meanwhile are
    collected after the block. The pause is for the whole process (threads included),
    which is why it ends with the block, also on an error.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
