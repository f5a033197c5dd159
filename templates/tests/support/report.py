"""Failure messages: what was violated, where in the contract, the request as curl, the response.

Credentials never appear in a message: the curl line reads them from the environment
variables the README names (``"${APIGEN_AUTH_API_KEY}"``), so it can be pasted into a shell
as it is and still shows nothing secret in a CI log.  Each credential is swapped where it
was put (one header, query parameter or cookie), never by searching the text for it: a
one-letter test token must not turn every "t" of the line into a variable.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote, urlencode

import httpx

from .checks import Violation

__all__ = ["Secret", "curl", "render_failure"]

BODY_LIMIT = 2000
_MARK = "APIGENSECRET"
#: Headers the HTTP client adds by itself: curl adds its own.
_NOISE = frozenset({"host", "content-length", "accept-encoding", "connection", "user-agent"})


@dataclass(frozen=True)
class Secret:
    """A credential as sent, and the shell expression that produces it."""

    where: Literal["header", "query", "cookie"]
    name: str  # the header, query parameter or cookie
    sent: str  # the value sent there (a header's whole value)
    prefix: str  # what precedes the credential in that value ("Bearer ")
    expression: str  # e.g. ${APIGEN_AUTH_API_KEY}


def render_failure(
    title: str,
    violations: Sequence[Violation],
    request: httpx.Request,
    response: httpx.Response,
    secrets: Sequence[Secret],
) -> str:
    """The whole message of a failed check."""
    count = len(violations)
    lines = [f"{title}: {count} contract violation{'s' * (count != 1)}"]
    for i, violation in enumerate(violations, 1):
        lines.append(f"  {i}. {violation.title}")
        if violation.contract:
            lines.append(f"     contract: {violation.contract}")
        lines += [f"     {detail}" for detail in violation.details]
    lines += ["", "request:", "  " + curl(request, secrets), "", "response:"]
    lines += ["  " + line for line in _response(response)]
    return "\n".join(lines)


def curl(request: httpx.Request, secrets: Sequence[Secret] = ()) -> str:
    """A shell command that sends the same request; secrets become ``${ENV_VAR}`` references."""
    marks = {f"{_MARK}{i}X": s.expression for i, s in enumerate(secrets)}
    by_mark = dict(zip(marks, secrets, strict=True))
    parts = ["curl", "-sS", "-i", "-X", request.method, _quote(_url(request, by_mark), marks)]
    for name, value in request.headers.multi_items():
        if name.lower() in _NOISE or (name.lower() == "accept" and value == "*/*"):
            continue
        parts += ["-H", _quote(f"{name}: {_header(name, value, by_mark)}", marks)]
    body = request.content
    if body:
        try:
            parts += ["--data-binary", shlex.quote(body.decode("utf-8"))]
        except UnicodeDecodeError:
            parts.append(f"--data-binary @body.bin  # {len(body)} bytes of binary body, not shown")
    return " ".join(parts)


def _url(request: httpx.Request, secrets: dict[str, Secret]) -> str:
    url = str(request.url)
    mine = {(s.name, s.sent): mark for mark, s in secrets.items() if s.where == "query"}
    if not mine:
        return url
    pairs = [(k, mine.get((k, v), v)) for k, v in request.url.params.multi_items()]
    return url.split("?", 1)[0] + "?" + urlencode(pairs, quote_via=quote)


def _header(name: str, value: str, secrets: dict[str, Secret]) -> str:
    for mark, s in secrets.items():
        if s.where == "header" and s.name.lower() == name.lower() and s.sent == value:
            return s.prefix + mark
    if name.lower() != "cookie":
        return value
    cookies = {(s.name, s.sent): mark for mark, s in secrets.items() if s.where == "cookie"}
    pairs = [pair.partition("=") for pair in value.split("; ")]
    return "; ".join(f"{k}={cookies.get((k, v), v)}" for k, _, v in pairs)


def _quote(text: str, marks: dict[str, str]) -> str:
    """shlex-quoted ``text`` with each mark swapped for its shell expression."""
    quoted = shlex.quote(text)
    swapped = False
    for mark, expression in marks.items():
        if mark in quoted:
            ref = f'"{expression}"'
            quoted = quoted.replace(mark, f"'{ref}'" if quoted.startswith("'") else ref)
            swapped = True
    if swapped and quoted.endswith("\"''"):  # an empty quoted string left at either end
        quoted = quoted[:-2]
    if swapped and quoted.startswith("''\""):
        quoted = quoted[2:]
    return quoted


def _response(response: httpx.Response) -> list[str]:
    lines = [f"HTTP {response.status_code} {response.reason_phrase}".rstrip()]
    lines += [f"{name}: {value}" for name, value in response.headers.multi_items()]
    body = response.content
    if not body:
        return [*lines, "(no body)"]
    text = body[:BODY_LIMIT].decode("utf-8", errors="replace")
    lines.append("")
    lines += text.splitlines() or [text]
    if len(body) > BODY_LIMIT:
        lines.append(f"... (first {BODY_LIMIT} of {len(body)} bytes)")
    return lines
