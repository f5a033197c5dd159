"""The framework-neutral view of an incoming request the adapters build and the core reads."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

__all__ = ["VALIDATION_CONTEXT", "Headers", "RawRequest", "UploadedFile"]


class UploadedFile(bytes):
    """A file part of a multipart body, read into memory: its content, filename and type.

    It *is* the content (a ``bytes`` subclass), so a model field typed ``bytes`` holds it
    as it is and the filename and content type reach the handler; ``data`` gives plain
    ``bytes``.  Equality and hashing are those of the content.
    """

    filename: str | None
    content_type: str | None

    def __new__(cls, filename: str | None, content_type: str | None, data: bytes) -> UploadedFile:
        self = super().__new__(cls, data)
        self.filename = filename
        self.content_type = content_type
        return self

    @property
    def data(self) -> bytes:
        """The content as plain ``bytes``."""
        return bytes(self)

    def text(self, encoding: str = "utf-8") -> str:
        """The content decoded as text (for file fields that carry text)."""
        return self.decode(encoding)

    def __repr__(self) -> str:
        return (
            f"UploadedFile(filename={self.filename!r}, content_type={self.content_type!r}, "
            f"data=<{len(self)} bytes>)"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (UploadedFile, (self.filename, self.content_type, bytes(self)))

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        """A field typed ``UploadedFile`` takes one as is, or plain ``bytes`` content (no
        filename); it serialises as its content."""
        return core_schema.no_info_plain_validator_function(
            _uploaded,
            serialization=core_schema.plain_serializer_function_ser_schema(
                bytes, return_schema=core_schema.bytes_schema()
            ),
        )


def _uploaded(value: Any) -> UploadedFile:
    if isinstance(value, UploadedFile):
        return value
    if isinstance(value, (bytes, bytearray)):
        return UploadedFile(None, None, bytes(value))
    raise ValueError("expected a file")


#: The pydantic validation context of request data.  Generated enums are open (an unknown
#: value becomes an ``UNKNOWN`` pseudo-member, so responses and clients survive new
#: values); with ``closed_enums`` they accept only the values the contract lists
#: (``models/_base.py`` reads it), which is what a server owes its contract.
VALIDATION_CONTEXT: Mapping[str, Any] = MappingProxyType({"closed_enums": True})


class Headers(Mapping[str, str]):
    """Case-insensitive, read-only header map; repeated headers are joined with ``", "``.

    HTTP header names are case-insensitive, so lookups lower-case the key; iteration gives
    the lower-cased names.
    """

    __slots__ = ("_items",)

    def __init__(self, items: Iterable[tuple[str, str]] | Mapping[str, str] = ()) -> None:
        pairs = items.items() if isinstance(items, Mapping) else items
        merged: dict[str, str] = {}
        for name, value in pairs:
            key = name.lower()
            merged[key] = f"{merged[key]}, {value}" if key in merged else value
        self._items = merged

    def __getitem__(self, key: str) -> str:
        return self._items[key.lower()]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.lower() in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Headers({self._items!r})"


@dataclass(frozen=True, slots=True)
class RawRequest:
    """One request, as the adapter received it, before any validation.

    ``path_params`` maps wire names to the raw (percent-decoded) path segment;
    ``query`` holds the decoded pairs in order, ``raw_query`` the undecoded query string
    (styles whose delimiters may be percent-encoded need it); ``form`` is filled by the
    adapter for urlencoded and multipart bodies (``None``: the core parses ``body``).
    ``native`` is the framework's request object, handed to handlers as ``ctx.request``.
    """

    method: str
    path: str = "/"
    path_params: Mapping[str, str] = field(default_factory=dict)
    query: Sequence[tuple[str, str]] = ()
    raw_query: str = ""
    headers: Mapping[str, str] = field(default_factory=Headers)
    cookies: Mapping[str, str] = field(default_factory=dict)
    content_type: str | None = None
    body: bytes = b""
    form: Sequence[tuple[str, str | UploadedFile]] | None = None
    native: object = None
