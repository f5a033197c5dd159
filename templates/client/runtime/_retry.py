"""When and how long to wait before retrying a request.

Pure decisions only (no sleeping, no I/O), shared by the sync and async clients. Delays use
exponential backoff with full jitter, so many clients failing together do not retry in lockstep,
unless the server says how long to wait with ``Retry-After`` (seconds or an HTTP date) or the
``retry-after-ms`` extension, which is honoured up to a cap.
"""

from __future__ import annotations

import calendar
import email.utils
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

RETRYABLE_STATUSES = frozenset({408, 429})


@dataclass(frozen=True)
class RetryPolicy:
    """Timing of retries; how many are allowed is the client's ``max_retries``.

    ``initial_delay`` doubles per attempt up to ``max_delay``; a server-provided delay is used
    as is up to ``max_retry_after``. ``jitter`` returns a float in [0, 1) and is injectable so
    tests can make delays deterministic.
    """

    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    jitter: Callable[[], float] = field(default=random.random, compare=False)

    def should_retry_status(self, status_code: int) -> bool:
        """408, 429 and every 5xx are worth retrying: the failure may well be transient."""
        return status_code in RETRYABLE_STATUSES or status_code >= 500

    def backoff(self, retry_number: int) -> float:
        """Full-jitter delay before retry ``retry_number`` (0 for the first retry)."""
        ceiling = min(self.max_delay, self.initial_delay * (2.0**retry_number))
        return self.jitter() * ceiling

    def delay(self, retry_number: int, response: httpx.Response | None) -> float:
        """Server-requested delay if there is a usable one, else backoff."""
        if response is not None:
            requested = parse_retry_after(response.headers)
            if requested is not None:
                return min(requested, self.max_retry_after)
        return self.backoff(retry_number)


def parse_retry_after(headers: httpx.Headers, now: Callable[[], float] = time.time) -> float | None:
    """Seconds to wait according to ``retry-after-ms`` or ``Retry-After``, None if absent/bad.

    A date in the past means "now" (0 s); negative or unparsable values are ignored.
    """
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            value = float(millis)
        except ValueError:
            value = -1.0
        if value >= 0:
            return value / 1000
    raw = headers.get("retry-after")
    if raw is None:
        return None
    raw = raw.strip()
    try:
        seconds = float(raw)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            return None
        # "-0000" dates parse as naive; HTTP dates are always UTC.
        stamp = when.timestamp() if when.tzinfo else calendar.timegm(when.utctimetuple())
        return max(0.0, stamp - now())
    return seconds if seconds >= 0 else None
