"""Request bodies: one small class per media-type family the spec can declare.

A body is encoded afresh for every attempt (``encode``), so retries resend the full payload:
file objects are rewound to where they were when the body was created rather than read to the
end once and then sent empty.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import IO, TypeAlias

import pydantic_core

from ._params import Param, Style, encode_query
from ._serialize import dumps_compact, to_jsonable

FileContent: TypeAlias = bytes | IO[bytes]
FileInput: TypeAlias = (
    FileContent | tuple[str | None, FileContent] | tuple[str | None, FileContent, str | None]
)
"""A file part: raw content, ``(filename, content)`` or ``(filename, content, content_type)``."""

_HttpxFile: TypeAlias = tuple[str | None, FileContent, str | None]


@dataclass(frozen=True)
class EncodedBody:
    """What httpx needs to send a body: raw ``content``, or multipart ``files`` parts."""

    content: bytes | None = None
    files: Sequence[tuple[str, _HttpxFile]] | None = None
    content_type: str | None = None


class Body(ABC):
    """A request body; subclass it for media types the built-in classes do not cover."""

    @abstractmethod
    def encode(self) -> EncodedBody:
        """Produce the bytes (or multipart parts) to send; called once per attempt."""


class JsonBody(Body):
    """A JSON body. Models are dumped by alias without unset fields, so PATCH stays partial."""

    def __init__(self, value: object, content_type: str = "application/json") -> None:
        self.value = value
        self.content_type = content_type

    def encode(self) -> EncodedBody:
        data = to_jsonable(self.value, exclude_unset=True)
        return EncodedBody(content=pydantic_core.to_json(data), content_type=self.content_type)


class FormBody(Body):
    """``application/x-www-form-urlencoded``: fields encoded like query parameters.

    Every field is ``form`` style, exploded, unless ``styles`` gives it the ``(style,
    explode)`` of the spec's encoding object (``{"tags": ("form", False)}`` sends
    ``tags=a,b`` rather than ``tags=a&tags=b``).
    """

    def __init__(
        self,
        fields: Mapping[str, object],
        styles: Mapping[str, tuple[Style, bool]] | None = None,
    ) -> None:
        self.fields = fields
        self.styles = dict(styles or {})

    def encode(self) -> EncodedBody:
        text = encode_query(
            [
                Param(name, value, *self.styles.get(name, ("form", True)))
                for name, value in self.fields.items()
            ]
        )
        return EncodedBody(
            content=text.encode("ascii"), content_type="application/x-www-form-urlencoded"
        )


class MultipartBody(Body):
    """``multipart/form-data``: text fields plus files.

    Scalar fields become text parts (booleans as ``true``/``false``), lists of scalars become
    repeated parts, and objects, models or nested lists become ``application/json`` parts, as
    the OpenAPI encoding defaults prescribe. ``files`` maps a field name to one file or to a
    list of files. ``content_types`` maps a field name to its part's content type (the spec's
    encoding ``contentType``): a file's own type wins over it, and a file with neither is sent
    as ``application/octet-stream``; objects stay JSON parts whatever it says.
    """

    def __init__(
        self,
        fields: Mapping[str, object] | None = None,
        files: Mapping[str, FileInput | list[FileInput]] | None = None,
        content_types: Mapping[str, str] | None = None,
    ) -> None:
        self.fields = dict(fields or {})
        self.content_types = dict(content_types or {})
        self._files: list[tuple[str, str | None, _Rewindable, str | None]] = []
        for name, given in (files or {}).items():
            for one in given if isinstance(given, list) else [given]:
                filename, content, content_type = _file_parts(one)
                self._files.append((name, filename, _Rewindable(content), content_type))

    def encode(self) -> EncodedBody:
        # Every part goes through httpx's ``files`` list (a part without a filename renders
        # exactly like a text field) so that field order is kept and a body with only text
        # fields is still multipart rather than silently becoming urlencoded.
        parts: list[tuple[str, _HttpxFile]] = []
        for name, value in self.fields.items():
            jsonable = to_jsonable(value, exclude_none=True)
            if jsonable is None:
                continue
            declared = self.content_types.get(name)
            if isinstance(jsonable, list) and not any(
                isinstance(v, (dict, list)) for v in jsonable
            ):
                parts.extend((name, (None, _text(item).encode(), declared)) for item in jsonable)
            elif isinstance(jsonable, (dict, list)):
                json_type = declared if declared and "json" in declared else "application/json"
                parts.append((name, (None, dumps_compact(jsonable).encode(), json_type)))
            else:
                parts.append((name, (None, _text(jsonable).encode(), declared)))
        for name, filename, content, content_type in self._files:
            content_type = (
                content_type or self.content_types.get(name) or "application/octet-stream"
            )
            parts.append((name, (filename, content.fresh(), content_type)))
        if not parts:
            boundary = "apigen-empty-multipart"
            return EncodedBody(
                content=f"--{boundary}--\r\n".encode(),
                content_type=f"multipart/form-data; boundary={boundary}",
            )
        return EncodedBody(files=parts)


def _text(value: object) -> str:
    """Render a scalar form field the way JSON would (``true``, not ``True``)."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _file_parts(given: FileInput) -> tuple[str | None, FileContent, str | None]:
    """Normalise the accepted file shapes to (filename, content, content type)."""
    if isinstance(given, tuple):
        if len(given) == 2:
            return given[0], given[1], None
        return given[0], given[1], given[2]
    name = getattr(given, "name", None)
    filename = name.replace("\\", "/").rsplit("/", 1)[-1] if isinstance(name, str) else "upload"
    return filename, given, None


class _Rewindable:
    """Content that can be produced again for a retry.

    Bytes are reused; a seekable file is rewound to the position it had when the body was
    built; an unseekable stream is read into memory once, since it cannot be replayed.
    """

    def __init__(self, content: FileContent) -> None:
        self._bytes: bytes | None = None
        self._file: IO[bytes] | None = None
        self._position = 0
        if isinstance(content, (bytes, bytearray, memoryview)):
            self._bytes = bytes(content)
        elif _seekable(content):
            self._file = content
            self._position = content.tell()
        else:
            self._bytes = content.read()

    def fresh(self) -> FileContent:
        """The content positioned at its start, ready to be sent.

        A file that did not start at offset 0 is returned as the bytes from its start offset,
        because httpx rewinds multipart file objects to offset 0 before streaming them.
        """
        if self._file is None:
            assert self._bytes is not None
            return self._bytes
        self._file.seek(self._position)
        return self._file.read() if self._position else self._file

    def read_all(self) -> bytes:
        """The whole content as bytes (for bodies that are not streamed)."""
        fresh = self.fresh()
        return fresh if isinstance(fresh, bytes) else fresh.read()


def _seekable(content: IO[bytes]) -> bool:
    """Whether a file can be rewound for a retry (some streams raise instead)."""
    try:
        return bool(content.seekable())
    except (AttributeError, OSError, ValueError):
        return False


class BytesBody(Body):
    """A raw binary body (``application/octet-stream`` or any other media type)."""

    def __init__(self, data: FileContent, content_type: str = "application/octet-stream") -> None:
        self._data = _Rewindable(data)
        self.content_type = content_type

    def encode(self) -> EncodedBody:
        return EncodedBody(content=self._data.read_all(), content_type=self.content_type)


class TextBody(Body):
    """A text body, sent as UTF-8 (``text/plain`` unless the spec says otherwise)."""

    def __init__(self, text: str, content_type: str = "text/plain; charset=utf-8") -> None:
        self.text = text
        self.content_type = content_type

    def encode(self) -> EncodedBody:
        return EncodedBody(content=self.text.encode("utf-8"), content_type=self.content_type)
