"""Pause Python's cyclic garbage collector while a big tree of objects is built.

Normalising GitHub's spec allocates a few hundred thousand IR objects on top of the millions
of the loaded spec, and every full collection triggered on the way walks all of them again:
about a quarter of normalise's time and a third of the client code's rendering.  Nothing
built there forms reference cycles (refcounting frees it all), so the collector can wait.
It is restored on the way out, whatever happens, and only if it was on.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

__all__ = ["collector_paused", "without_collector"]

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def collector_paused() -> Iterator[None]:
    """The block runs with the cyclic collector off (nested uses are harmless)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def without_collector(func: Callable[P, R]) -> Callable[P, R]:
    """``func`` with :func:`collector_paused` around every call."""

    @wraps(func)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        with collector_paused():
            return func(*args, **kwargs)

    return paused
