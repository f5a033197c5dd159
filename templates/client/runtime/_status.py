"""Matching HTTP status codes against OpenAPI response keys.

OpenAPI documents responses under keys such as ``"200"``, ``"4XX"`` and ``"default"``. Both the
success parser and the error mapper must pick the most specific key for a status, so the rule
lives here once: an exact code wins over a range, and a range wins over ``default``.
"""

from __future__ import annotations

from collections.abc import Iterable


def match_status(patterns: Iterable[str], status: int) -> str | None:
    """Return the key of ``patterns`` that best describes ``status``, or None if none does.

    Keys are compared case-insensitively (``"2xx"`` is accepted as well as ``"2XX"``) because
    specs in the wild use both spellings; the original key is returned so callers can index
    their mapping with it.
    """
    exact = str(status)
    family = f"{status // 100}XX"
    by_rank: dict[int, str] = {}
    for key in patterns:
        normalised = key.strip().upper()
        if normalised == exact:
            by_rank.setdefault(0, key)
        elif normalised == family:
            by_rank.setdefault(1, key)
        elif normalised == "DEFAULT":
            by_rank.setdefault(2, key)
    return by_rank[min(by_rank)] if by_rank else None


def is_explicit_match(pattern: str | None) -> bool:
    """Tell whether a matched key names the status (exact or range) rather than ``default``.

    An error status documented only by ``default`` is still raised as an error; one that the
    operation lists explicitly among its results is returned as a result.
    """
    return pattern is not None and pattern.strip().upper() != "DEFAULT"
