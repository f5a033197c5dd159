"""apigen: a contract-first OpenAPI tool.

The pipeline, one package per stage: :mod:`apigen.spec` (load, resolve,
validate), :mod:`apigen.ir` (the normalised model), and the entry points in
:mod:`apigen.api` that the command line calls.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("apigen")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
