"""Turning Python values (models, enums, dates, containers) into JSON-compatible data.

Parameters, form fields and JSON bodies all accept the same rich values, so one conversion is
shared: pydantic models are dumped by alias (the wire names from the spec), and leaves such as
``datetime``, ``UUID``, ``Decimal`` and enums are rendered the way pydantic renders them in JSON
mode, which keeps request encoding consistent with response decoding.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pydantic_core
from pydantic import BaseModel


def to_jsonable(value: object, *, exclude_none: bool = False, exclude_unset: bool = False) -> Any:
    """Convert ``value`` to plain dicts, lists, strings, numbers, booleans and None.

    ``exclude_none`` drops None-valued object members (what parameters want: an absent value is
    not sent). ``exclude_unset`` drops model fields the caller never set (what JSON bodies want:
    a PATCH must not reset fields to their defaults), while an explicit None stays ``null``.
    """
    if isinstance(value, BaseModel):
        return value.model_dump(
            mode="json", by_alias=True, exclude_none=exclude_none, exclude_unset=exclude_unset
        )
    if isinstance(value, Mapping):
        return {
            str(to_jsonable(key)): to_jsonable(
                item, exclude_none=exclude_none, exclude_unset=exclude_unset
            )
            for key, item in value.items()
            if not (exclude_none and item is None)
        }
    if isinstance(value, (list, tuple, set, frozenset)):
        return [
            to_jsonable(item, exclude_none=exclude_none, exclude_unset=exclude_unset)
            for item in value
        ]
    return pydantic_core.to_jsonable_python(value)


def dumps_compact(value: object) -> str:
    """Serialise already-jsonable data without insignificant whitespace.

    Used for JSON-in-a-string places (``content: application/json`` parameters, nested values
    inside styled parameters, JSON parts of multipart bodies) where every byte ends up in a URL
    or a header.
    """
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
