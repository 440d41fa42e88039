"""One torch thread for simulations whose numbers depend on float summation order.

A chaotic training run (a large learning rate, momentum 0.9) amplifies the last-bit differences
between torch's single- and multi-threaded reductions: vizdl's dying-ReLU run ended with 51% or
43% of ReLU's first-layer units off on the same machine with one or two threads. Such a result,
and the claims checked on it, must not depend on how many cores a machine has or how many
build jobs share them, so these simulations run on one thread (their matrices are small: on a
busy 2-core machine one thread was also the faster, 1.6 s against 20 s for 180 steps).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import torch

__all__ = ["one_thread"]


@contextlib.contextmanager
def one_thread() -> Iterator[None]:
    """Run the block with ``torch.set_num_threads(1)``, then restore the previous count."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)
