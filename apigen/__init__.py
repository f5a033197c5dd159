"""apigen: a contract-first OpenAPI tool.

The pipeline, one package per stage: :mod:`apigen.spec` (load, resolve,
validate), :mod:`apigen.ir` (the normalised model), and the entry points in
:mod:`apigen.api` that the command line calls.
"""

from __future__ import annotations

import functools

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    """``__version__``, read from the installed metadata on first use: importing
    :mod:`importlib.metadata` and finding the distribution cost ~35 ms, which every
    command paid at start although only the client's User-Agent and ``--version`` say it."""
    if name == "__version__":
        return _version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("apigen")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"
