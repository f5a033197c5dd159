"""pytest options and the ``api`` fixture (``conftest.py`` imports these).

Options, each with an environment variable for CI:

  --base-url URL         APIGEN_BASE_URL   the server to test (its base URL, path prefix included)
  --app MODULE:ATTR      APIGEN_APP        test an ASGI/WSGI app in this process instead
  --auth SCHEME=VALUE    APIGEN_AUTH_<SCHEME> (names in the README)  a credential per scheme
  --accept-4xx CODES     APIGEN_ACCEPT_4XX which statuses reject an invalid request [400,422]
  --request-timeout S    APIGEN_REQUEST_TIMEOUT  seconds per request [30]
  --apigen-fuzz[=N]      APIGEN_FUZZ       also run test_fuzz.py: N hypothesis-drawn requests
                                           per operation, valid and invalid [25]; needs
                                           hypothesis (off by default: not even collected)
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from .contract import Contract
from .session import Api, Credential, Settings
from .transport import APP_HOST, load_app, make_client

__all__ = [
    "open_api",
    "pytest_addoption",
    "pytest_configure",
    "pytest_ignore_collect",
    "pytest_terminal_summary",
]

MARKERS = {
    "example": "a request built from the contract's examples",
    "generated": "a request built from schema-valid generated values",
    "negative": "an invalid request that must be rejected with a 4xx",
    "security": "a request without credentials that must get 401 or 403",
    "flow": "a sequence of requests (OpenAPI links, create -> read -> delete)",
    "fuzz": "requests drawn by hypothesis (only with --apigen-fuzz)",
    "webhook": "a webhook the API sends: listed, not tested (nothing to call)",
    "callback": "a callback the API sends: listed, not tested (nothing to call)",
}
#: The module that fuzzes, collected only when fuzzing is asked for.
FUZZ_MODULE = "test_fuzz.py"
FUZZ_DEFAULT = 25
_CONTRACTS = pytest.StashKey[list[Contract]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("apigen", "apigen contract tests")
    _add(
        group,
        "--base-url",
        dest="base_url",
        metavar="URL",
        help="base URL of the server under test (or APIGEN_BASE_URL)",
    )
    _add(
        group,
        "--app",
        dest="apigen_app",
        metavar="MODULE:ATTR",
        help="an ASGI or WSGI app to test in-process (or APIGEN_APP)",
    )
    _add(
        group,
        "--auth",
        dest="apigen_auth",
        action="append",
        default=[],
        metavar="SCHEME=VALUE",
        help="a credential for a security scheme; repeat per scheme (or APIGEN_AUTH_*)",
    )
    _add(
        group,
        "--accept-4xx",
        dest="apigen_accept_4xx",
        metavar="CODES",
        help="comma-separated statuses that count as rejecting an invalid request "
        "(or APIGEN_ACCEPT_4XX; default 400,422)",
    )
    _add(
        group,
        "--request-timeout",
        dest="apigen_timeout",
        type=float,
        metavar="SECONDS",
        help="timeout of each request (or APIGEN_REQUEST_TIMEOUT; default 30)",
    )
    _add(
        group,
        "--apigen-fuzz",
        dest="apigen_fuzz",
        nargs="?",
        const=str(FUZZ_DEFAULT),
        metavar="N",
        help=f"also send N hypothesis-drawn requests per operation, valid and invalid "
        f"(or APIGEN_FUZZ; N defaults to {FUZZ_DEFAULT}; needs hypothesis)",
    )


def _add(group: pytest.OptionGroup, name: str, **kwargs: object) -> None:
    # Already defined is fine: pytest-base-url has --base-url, with the same meaning and dest.
    with contextlib.suppress(ValueError):
        group.addoption(name, **kwargs)


def pytest_configure(config: pytest.Config) -> None:
    for name, text in MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {text}")
    config.stash[_CONTRACTS] = []
    if config.option.collectonly:
        return
    if not (
        _option(config, "base_url", "APIGEN_BASE_URL")
        or _option(config, "apigen_app", "APIGEN_APP")
    ):
        raise pytest.UsageError(
            "apigen contract tests need a target: --base-url URL (or APIGEN_BASE_URL), "
            "or --app module:attr (or APIGEN_APP) to test an app in-process"
        )
    _codes(_option(config, "apigen_accept_4xx", "APIGEN_ACCEPT_4XX") or "400,422")
    if fuzz_count(config):
        try:
            import hypothesis  # noqa: F401
        except ImportError:
            raise pytest.UsageError(
                "--apigen-fuzz needs hypothesis: pip install hypothesis"
            ) from None


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """test_fuzz.py is not even collected unless fuzzing is asked for."""
    if collection_path.name == FUZZ_MODULE and not fuzz_count(config):
        return True
    return None


def fuzz_count(config: pytest.Config) -> int:
    """Requests per operation and kind asked for with --apigen-fuzz[=N] (0: none)."""
    text = _option(config, "apigen_fuzz", "APIGEN_FUZZ")
    if text is None:
        return 0
    try:
        count = int(text)
    except ValueError:
        count = -1
    if count < 1:
        raise pytest.UsageError(f"--apigen-fuzz={text}: expected a count of requests, like 50")
    return count


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    for contract in config.stash.get(_CONTRACTS, []):
        broken = contract.schemas.broken if "schemas" in contract.__dict__ else {}
        if broken:
            terminalreporter.section("apigen: schemas that could not be checked")
            for where, why in sorted(broken.items()):
                terminalreporter.write_line(f"{where}: {why}")


def open_api(
    config: pytest.Config,
    contract_file: Path,
    root_name: str,
    variables: Mapping[str, str],
) -> Iterator[Api]:
    """The session's :class:`Api`: the contract, a client for the target, the settings."""
    try:
        yield from _open(config, contract_file, root_name, variables)
    except pytest.UsageError as exc:  # once, not as an error in every test
        pytest.exit(f"apigen contract tests: {exc}", returncode=pytest.ExitCode.USAGE_ERROR)


def _open(
    config: pytest.Config,
    contract_file: Path,
    root_name: str,
    variables: Mapping[str, str],
) -> Iterator[Api]:
    contract = Contract(contract_file, root_name)
    config.stash.setdefault(_CONTRACTS, []).append(contract)
    app_spec = _option(config, "apigen_app", "APIGEN_APP")
    base_url = _option(config, "base_url", "APIGEN_BASE_URL")
    try:
        app = load_app(app_spec) if app_spec else None
    except (ImportError, AttributeError, ValueError) as exc:
        raise pytest.UsageError(f"--app {app_spec}: cannot load it: {exc}") from None
    if app is not None and not base_url:
        base_url = APP_HOST  # the app's root; an app serving under a prefix: --base-url
    assert base_url is not None
    settings = Settings(
        base_url=base_url,
        accept_4xx=_codes(_option(config, "apigen_accept_4xx", "APIGEN_ACCEPT_4XX") or "400,422"),
        credentials=_credentials(config, variables),
        variables=dict(variables),
        fuzz=fuzz_count(config),
    )
    timeout = float(_option(config, "apigen_timeout", "APIGEN_REQUEST_TIMEOUT") or 30)
    with make_client(base_url, app, timeout) as client:
        yield Api(contract, client, settings)


def _option(config: pytest.Config, dest: str, variable: str) -> str | None:
    value = config.getoption(dest, default=None)
    if value in (None, ""):
        value = os.environ.get(variable) or None
    return None if value is None else str(value)


def _codes(text: str) -> frozenset[int]:
    try:
        codes = frozenset(int(c) for c in text.replace(" ", "").split(",") if c)
    except ValueError:
        raise pytest.UsageError(f"--accept-4xx {text!r}: expected codes like 400,422") from None
    if not codes or any(not 400 <= c < 500 for c in codes):
        raise pytest.UsageError(f"--accept-4xx {text!r}: only 4xx statuses can reject a request")
    return codes


def _credentials(config: pytest.Config, variables: Mapping[str, str]) -> dict[str, Credential]:
    found = {
        scheme: Credential(os.environ[variable], variable)
        for scheme, variable in variables.items()
        if os.environ.get(variable)
    }
    for item in config.getoption("apigen_auth", default=None) or []:
        scheme, sep, value = str(item).partition("=")
        if not sep or scheme not in variables:
            known = ", ".join(variables) or "none"
            raise pytest.UsageError(
                f"--auth {scheme}=...: unknown security scheme (known: {known})"
            )
        found[scheme] = Credential(value, variables[scheme])
    return found
