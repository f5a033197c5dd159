"""Diagnostics and the exception tree.

Every problem apigen finds in a spec becomes a :class:`Diagnostic` with a stable
code, a severity and a location (file, line, column, JSON pointer).  Whether a
finding makes *generation* impossible is a separate question from its severity:
many published specs carry spec violations (a default of the wrong type, a
duplicated ``required`` entry) that generators can live with.  ``blocking``
captures that second question so the rest of the pipeline can decide.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

import click

__all__ = [
    "ApigenError",
    "Diagnostic",
    "Location",
    "Severity",
    "SpecError",
    "UsageError",
    "escape_pointer",
    "join_pointer",
]


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


def escape_pointer(token: str) -> str:
    """Escape one reference token per RFC 6901."""
    return token.replace("~", "~0").replace("/", "~1")


def join_pointer(base: str, *tokens: str | int) -> str:
    """Append reference tokens to a JSON pointer (``""`` is the document root)."""
    return base + "".join("/" + escape_pointer(str(t)) for t in tokens)


@dataclass(frozen=True, slots=True)
class Location:
    """Where in which file something sits. ``line``/``column`` are 1-based."""

    file: str
    pointer: str = ""
    line: int | None = None
    column: int | None = None

    def with_position(self, line: int | None, column: int | None) -> Location:
        return Location(self.file, self.pointer, line, column)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding in a spec.

    ``blocking`` is True when the finding leaves nothing sensible to generate
    from (a syntax error, an unresolvable ``$ref``, an unsupported version);
    generators proceed past non-blocking errors with a warning.
    """

    code: str
    severity: Severity
    message: str
    location: Location
    blocking: bool = False

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format_text(self) -> str:
        loc = self.location
        where = loc.file
        if loc.line is not None:
            where += f":{loc.line}"
            if loc.column is not None:
                where += f":{loc.column}"
        pointer = loc.pointer or "/"
        return f"{where}: {self.severity.value}[{self.code}] {pointer}: {self.message}"

    def as_json(self) -> dict[str, object]:
        loc = self.location
        return {
            "code": self.code,
            "message": self.message,
            "pointer": loc.pointer,
            "file": loc.file,
            "line": loc.line,
            "column": loc.column,
        }


class ApigenError(click.ClickException):
    """Base of every error apigen raises on purpose; the CLI prints it on one line."""

    exit_code = 1


class UsageError(ApigenError):
    """The command was misused (missing file, bad option): exit code 2."""

    exit_code = 2


class SpecError(ApigenError):
    """The document cannot be used at all; carries the blocking diagnostics."""

    exit_code = 1

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        first = self.diagnostics[0].format_text() if self.diagnostics else "invalid spec"
        more = len(self.diagnostics) - 1
        super().__init__(first + (f" (and {more} more)" if more > 0 else ""))
