"""Failure messages: what was violated, where in the contract, the request as curl, the response.

Credentials never appear in a message: the curl line reads them from the environment
variables the README names (``"${APIGEN_AUTH_API_KEY}"``), so it can be pasted into a shell
as it is and still shows nothing secret in a CI log.  ``secrets`` are pairs of (the text
sent, a shell expression that produces it).
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence

import httpx

from .checks import Violation

__all__ = ["curl", "render_failure"]

BODY_LIMIT = 2000
_MARK = "APIGENSECRET"
#: Headers the HTTP client adds by itself: curl adds its own.
_NOISE = frozenset({"host", "content-length", "accept-encoding", "connection", "user-agent"})


def render_failure(
    title: str,
    violations: Sequence[Violation],
    request: httpx.Request,
    response: httpx.Response,
    secrets: Sequence[tuple[str, str]],
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


def curl(request: httpx.Request, secrets: Sequence[tuple[str, str]] = ()) -> str:
    """A shell command that sends the same request; secrets become ``${ENV_VAR}`` references."""
    parts = ["curl", "-sS", "-i", "-X", request.method, _quote(str(request.url), secrets)]
    for name, value in request.headers.multi_items():
        if name.lower() in _NOISE or (name.lower() == "accept" and value == "*/*"):
            continue
        parts += ["-H", _quote(f"{name}: {value}", secrets)]
    body = request.content
    if body:
        try:
            parts += ["--data-binary", _quote(body.decode("utf-8"), secrets)]
        except UnicodeDecodeError:
            parts.append(f"--data-binary @body.bin  # {len(body)} bytes of binary body, not shown")
    return " ".join(parts)


def _quote(text: str, secrets: Sequence[tuple[str, str]]) -> str:
    """shlex-quoted ``text`` with each secret swapped for a reference to its variable."""
    swaps = []
    for i, (secret, expression) in enumerate(s for s in secrets if s[0]):
        mark = f"{_MARK}{i}X"
        if secret in text:
            text = text.replace(secret, mark)
            swaps.append((mark, expression))
    quoted = shlex.quote(text)
    for mark, expression in swaps:
        ref = f'"{expression}"'
        quoted = quoted.replace(mark, f"'{ref}'" if quoted.startswith("'") else ref)
    if swaps and quoted.endswith("\"''"):  # an empty quoted string left at either end
        quoted = quoted[:-2]
    if swaps and quoted.startswith("''\""):
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
