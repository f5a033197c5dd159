"""Make the client runtime template importable as the package ``runtime``, and serve HTTP.

The runtime is copied verbatim into generated clients as ``<pkg>/_runtime``; importing it from
``templates/client`` tests exactly those files. Bytecode writing is turned off so no
``__pycache__`` lands inside the template folder (and from there in the wheel).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .server import RunningServer, ScriptedServer

TEMPLATE_ROOT = Path(__file__).resolve().parents[2] / "templates" / "client"
sys.dont_write_bytecode = True
if str(TEMPLATE_ROOT) not in sys.path:
    sys.path.insert(0, str(TEMPLATE_ROOT))


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    """A fresh scripted HTTP server on 127.0.0.1 for one test."""
    with RunningServer() as state:
        yield state


class SleepRecorder:
    """Stands in for time.sleep/asyncio.sleep: records delays instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)

    async def asleep(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()
