"""What a diff produces: :class:`Change` records, and the :class:`Level` they carry."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Literal

__all__ = ["Change", "Level"]


class Level(enum.IntEnum):
    """Ordered so that ``level >= Level.WARNING`` reads naturally."""

    INFO = 1
    WARNING = 2
    BREAKING = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Level:
        try:
            return cls[text.upper()]
        except KeyError:
            raise ValueError(f"unknown level {text!r} (breaking, warning, info)") from None


@dataclass(frozen=True, slots=True)
class Change:
    """One reported difference.

    ``method``/``path`` name the operation (None for API-wide changes); ``path``
    is the template as written in the revision, or in the base for removals,
    and ``file``/``line``/``pointer`` point into that same side.
    """

    id: str
    level: Level
    message: str
    method: str | None
    path: str | None
    pointer: str
    file: str | None
    line: int | None
    sdk: bool = False
    #: which spec ``file``/``pointer`` point into: the base (old) or the revision (new)
    side: Literal["base", "revision"] = "revision"

    def sort_key(self) -> tuple[int, str, str, str, str]:
        # -self.level, not -self.level.value: an enum's .value is a Python-level property
        return (-self.level, self.path or "", self.method or "", self.id, self.message)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "level": self.level.label,
            "method": self.method,
            "path": self.path,
            "pointer": self.pointer,
            "file": self.file,
            "line": self.line,
            "message": self.message,
        }
