"""Building the models of very long reference chains in an order that stays shallow.

A generated model module imports the modules of the models it refers to, and pydantic builds
a model's validator together with those of every model it refers to that is not built yet.
Both recurse once per link, so a contract whose schemas chain hundreds deep (A0 -> A1 -> ...)
would exhaust Python's stack when the head is used first. For such chains, and only for
them, the generator lists a few models spread along the chain, tail first; building those
before the head keeps every import and every build a short walk.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType

from pydantic import BaseModel


def prepare_models(models: ModuleType, names: Sequence[str]) -> None:
    """Import and build the named models of ``models`` in the order given (tail first)."""
    for name in names:
        value = getattr(models, name)
        if isinstance(value, type) and issubclass(value, BaseModel):
            value.model_rebuild()
