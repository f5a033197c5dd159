"""Support code of the generated contract tests (copied verbatim by apigen; do not edit).

The test modules beside this package say what to send and what to expect; this package
sends it (``transport``), reads the contract (``contract``), validates against its schemas
(``schemas``), checks responses (``checks``) and explains failures (``report``).
"""

from .session import Api, Operation, Result

__all__ = ["Api", "Operation", "Result"]
