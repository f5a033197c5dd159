"""In-process WSGI apps get the request line's target (``RAW_URI``, ``REQUEST_URI``).

WSGI's ``PATH_INFO`` is decoded: an app that routes an encoded slash inside a path
parameter (``/refs/heads%2Fmain``, as the generated servers do) needs the raw target, which
every real WSGI server provides.  The suite's in-process transport must provide it too.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from .support import support

transport = support("transport")


def echo(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    seen = {k: environ.get(k) for k in ("PATH_INFO", "RAW_URI", "REQUEST_URI", "QUERY_STRING")}
    start_response("200 OK", [("content-type", "application/json")])
    return [json.dumps(seen).encode()]


def test_wsgi_apps_see_the_raw_request_target() -> None:
    with transport.make_client(None, echo, 5.0) as client:
        seen = client.get(transport.APP_HOST + "/refs/heads%2Fmain?x=a%2Fb").json()
    assert seen == {
        "PATH_INFO": "/refs/heads/main",
        "RAW_URI": "/refs/heads%2Fmain?x=a%2Fb",
        "REQUEST_URI": "/refs/heads%2Fmain?x=a%2Fb",
        "QUERY_STRING": "x=a%2Fb",
    }
