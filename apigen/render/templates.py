"""Where the Jinja templates live, installed or in a source checkout.

The design keeps templates at the repository's top level (``templates/``);
a wheel ships them inside the package as ``apigen/templates`` (see
pyproject.toml).  Both layouts are found here, so an editable install and a
built wheel behave the same.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["templates_dir"]


def templates_dir() -> Path:
    package = Path(__file__).resolve().parents[1]
    installed = package / "templates"
    if installed.is_dir():
        return installed
    checkout = package.parent / "templates"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("apigen's templates are missing from this installation")
