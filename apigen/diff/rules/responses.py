"""Responses: statuses, media types and headers."""

from __future__ import annotations

from collections.abc import Iterator

from apigen.diff.model import Level
from apigen.diff.pairs import HeaderPair, ResponsePair
from apigen.diff.registry import Finding, rule


def _success(status: str) -> bool:
    return status.startswith("2")


@rule(
    "response-success-status-removed",
    Level.BREAKING,
    "response",
    "A success status is no longer returned: clients handling it break.",
    "success response {status} removed",
    direction="response",
)
def success_removed(p: ResponsePair) -> Iterator[Finding]:
    if p.old and p.new is None and _success(p.status):
        yield Finding({"status": p.status, "_source": p.old.source}, side="base")


@rule(
    "response-non-success-status-removed",
    Level.INFO,
    "response",
    "A documented error status was removed.",
    "response {status} removed",
    direction="response",
)
def non_success_removed(p: ResponsePair) -> Iterator[Finding]:
    if p.old and p.new is None and not _success(p.status):
        yield Finding({"status": p.status, "_source": p.old.source}, side="base")


@rule(
    "response-success-status-added",
    Level.INFO,
    "response",
    "A new success status may be returned.",
    "success response {status} added",
    direction="response",
)
def success_added(p: ResponsePair) -> Iterator[Finding]:
    if p.old is None and p.new and _success(p.status):
        yield Finding({"status": p.status, "_source": p.new.source})


@rule(
    "response-non-success-status-added",
    Level.INFO,
    "response",
    "A new error status is documented.",
    "response {status} added",
    direction="response",
)
def non_success_added(p: ResponsePair) -> Iterator[Finding]:
    if p.old is None and p.new and not _success(p.status):
        yield Finding({"status": p.status, "_source": p.new.source})


@rule(
    "response-media-type-removed",
    Level.BREAKING,
    "response",
    "A response media type is no longer produced.",
    "response {status} media type {media!r} removed",
    direction="response",
)
def media_removed(p: ResponsePair) -> Iterator[Finding]:
    if p.old and p.new:
        new = {m.media_type for m in p.new.content}
        for media in p.old.content:
            if media.media_type not in new:
                yield Finding(
                    {"status": p.status, "media": media.media_type, "_source": media.source},
                    side="base",
                )


@rule(
    "response-media-type-added",
    Level.INFO,
    "response",
    "A response may now come in another media type.",
    "response {status} media type {media!r} added",
    direction="response",
)
def media_added(p: ResponsePair) -> Iterator[Finding]:
    if p.old and p.new:
        old = {m.media_type for m in p.old.content}
        for media in p.new.content:
            if media.media_type not in old:
                yield Finding(
                    {"status": p.status, "media": media.media_type, "_source": media.source}
                )


@rule(
    "required-response-header-removed",
    Level.BREAKING,
    "header",
    "A required response header is no longer sent.",
    "required header {name!r} removed from response {status}",
    direction="response",
)
def required_header_removed(p: HeaderPair) -> Iterator[Finding]:
    if p.old and p.new is None and p.old.required:
        yield Finding(
            {"name": p.old.name, "status": p.status, "_source": p.old.source}, side="base"
        )


@rule(
    "optional-response-header-removed",
    Level.WARNING,
    "header",
    "An optional response header is no longer documented.",
    "optional header {name!r} removed from response {status}",
    direction="response",
)
def optional_header_removed(p: HeaderPair) -> Iterator[Finding]:
    if p.old and p.new is None and not p.old.required:
        yield Finding(
            {"name": p.old.name, "status": p.status, "_source": p.old.source}, side="base"
        )


@rule(
    "response-header-became-optional",
    Level.BREAKING,
    "header",
    "A response header that was always sent may now be missing.",
    "header {name!r} of response {status} became optional",
    direction="response",
)
def header_became_optional(p: HeaderPair) -> Iterator[Finding]:
    if p.old and p.new and p.old.required and not p.new.required:
        yield Finding({"name": p.new.name, "status": p.status, "_source": p.new.source})


@rule(
    "response-header-added",
    Level.INFO,
    "header",
    "A response header was added.",
    "header {name!r} added to response {status}",
    direction="response",
)
def header_added(p: HeaderPair) -> Iterator[Finding]:
    if p.old is None and p.new:
        yield Finding({"name": p.new.name, "status": p.status, "_source": p.new.source})
