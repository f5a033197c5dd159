"""One request pipeline for sync and async servers.

The pipeline (authentication, the handler call) is a generator that yields a :class:`Call`
wherever user code runs and receives its result.  :func:`drive` runs those calls directly
(Flask); :func:`drive_async` awaits results that are awaitable and sends plain functions
for handlers to a thread (FastAPI), so the same code serves both without duplication.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Generator
from dataclasses import dataclass, field
from typing import Any, TypeVar

__all__ = ["Call", "Steps", "drive", "drive_async"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Call:
    """Run ``fn(*args, **kwargs)``; ``blocking`` marks handler calls worth a thread."""

    fn: Callable[..., Any]
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    blocking: bool = False


Steps = Generator[Call, Any, T]
RunSync = Callable[..., Awaitable[Any]]


def drive(steps: Steps[T]) -> T:
    """Run a pipeline synchronously (an ``async def`` hook or handler runs to completion)."""
    return _run(steps, _call_sync)


def _call_sync(call: Call) -> Any:
    result = call.fn(*call.args, **call.kwargs)
    if inspect.isawaitable(result):
        return asyncio.run(_await(result))
    return result


async def _await(value: Awaitable[T]) -> T:
    return await value


def _run(steps: Steps[T], perform: Callable[[Call], Any]) -> T:
    try:
        call = next(steps)
        while True:
            try:
                result = perform(call)
            except BaseException as exc:
                call = steps.throw(exc)
            else:
                call = steps.send(result)
    except StopIteration as done:
        value: T = done.value
        return value


async def drive_async(steps: Steps[T], run_sync: RunSync | None = None) -> T:
    """Run a pipeline on an event loop: awaitables awaited, blocking plain calls threaded."""
    try:
        call = next(steps)
        while True:
            try:
                if call.blocking and run_sync is not None and not _is_async(call.fn):
                    result = await run_sync(call.fn, *call.args, **call.kwargs)
                else:
                    result = call.fn(*call.args, **call.kwargs)
                    if inspect.isawaitable(result):
                        result = await result
            except BaseException as exc:
                call = steps.throw(exc)
            else:
                call = steps.send(result)
    except StopIteration as done:
        value: T = done.value
        return value


def _is_async(fn: Callable[..., Any]) -> bool:
    return inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(
        getattr(fn, "__call__", None)  # noqa: B004 - a callable object's async __call__
    )
