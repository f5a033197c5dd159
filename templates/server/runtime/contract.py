"""The contract document, read when first needed rather than when the app starts.

A big API's contract is megabytes of JSON (GitHub's: 13 MB, a quarter of a second to
parse); only ``/openapi.json`` and mock mode need it, so the adapters take a loader and
:class:`LazyContract` calls it on first use, once, thread-safe.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any

__all__ = ["LazyContract"]


class LazyContract(Mapping[str, Any]):
    """A read-only mapping view of the contract; ``source`` is the document or its loader."""

    def __init__(self, source: Mapping[str, Any] | Callable[[], Mapping[str, Any]]) -> None:
        self._source = source
        self._document: Mapping[str, Any] | None = None
        self._json: bytes | None = None
        self._lock = threading.Lock()

    def document(self) -> Mapping[str, Any]:
        """The contract, loaded on first call."""
        if self._document is None:
            with self._lock:
                if self._document is None:
                    source = self._source
                    if isinstance(source, LazyContract):
                        self._document = source.document()
                    elif isinstance(source, Mapping):
                        self._document = source
                    else:
                        self._document = source()
        return self._document

    def json_bytes(self) -> bytes:
        """The contract serialised as JSON (UTF-8), for ``/openapi.json``; cached."""
        if self._json is None:
            self._json = json.dumps(self.document(), ensure_ascii=False).encode()
        return self._json

    def info(self, key: str, default: str) -> str:
        """``info.<key>`` as text (``default`` when absent); loads the contract."""
        info = self.document().get("info")
        value = info.get(key) if isinstance(info, Mapping) else None
        return str(value) if value else default

    def __getitem__(self, key: str) -> Any:
        return self.document()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.document())

    def __len__(self) -> int:
        return len(self.document())
