"""The framework-neutral view of an incoming request the adapters build and the core reads."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["Headers", "RawRequest", "UploadedFile"]


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file part of a multipart body, read into memory."""

    filename: str | None
    content_type: str | None
    data: bytes

    def text(self, encoding: str = "utf-8") -> str:
        """The content decoded as text (for file fields that carry text)."""
        return self.data.decode(encoding)


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
