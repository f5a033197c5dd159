"""Request bodies: required or not, media types offered."""

from __future__ import annotations

from collections.abc import Iterator

from apigen.diff.model import Level
from apigen.diff.pairs import BodyPair
from apigen.diff.registry import Finding, rule


@rule(
    "request-body-became-required",
    Level.BREAKING,
    "request-body",
    "An optional request body became required.",
    "request body became required",
    direction="request",
)
def became_required(p: BodyPair) -> Iterator[Finding]:
    if p.old and p.new and not p.old.required and p.new.required:
        yield Finding({"_source": p.new.source})


@rule(
    "new-required-request-body",
    Level.BREAKING,
    "request-body",
    "A required request body was added to an operation that took none.",
    "new required request body",
    direction="request",
)
def new_required(p: BodyPair) -> Iterator[Finding]:
    if p.old is None and p.new is not None and p.new.required:
        yield Finding({"_source": p.new.source})


@rule(
    "new-optional-request-body",
    Level.INFO,
    "request-body",
    "An optional request body was added.",
    "new optional request body",
    direction="request",
)
def new_optional(p: BodyPair) -> Iterator[Finding]:
    if p.old is None and p.new is not None and not p.new.required:
        yield Finding({"_source": p.new.source})


@rule(
    "request-body-removed",
    Level.WARNING,
    "request-body",
    "The request body was removed: clients still sending one may be rejected.",
    "request body removed",
    direction="request",
)
def removed(p: BodyPair) -> Iterator[Finding]:
    if p.old is not None and p.new is None:
        yield Finding({"_source": p.old.source}, side="base")


@rule(
    "request-body-media-type-removed",
    Level.BREAKING,
    "request-body",
    "A request media type is no longer accepted.",
    "request media type {media!r} removed",
    direction="request",
)
def media_removed(p: BodyPair) -> Iterator[Finding]:
    if p.old and p.new:
        for media in p.old.content:
            if p.new.media(media.media_type) is None:
                yield Finding({"media": media.media_type, "_source": media.source}, side="base")


@rule(
    "request-body-media-type-added",
    Level.INFO,
    "request-body",
    "A new request media type is accepted.",
    "request media type {media!r} added",
    direction="request",
)
def media_added(p: BodyPair) -> Iterator[Finding]:
    if p.old and p.new:
        for media in p.new.content:
            if p.old.media(media.media_type) is None:
                yield Finding({"media": media.media_type, "_source": media.source})
