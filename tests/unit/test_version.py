"""``apigen.__version__`` is read lazily (importing apigen no longer reads metadata)."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

import pytest

import apigen


def test_the_version_is_the_installed_distributions() -> None:
    assert apigen.__version__ == version("apigen")
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        apigen.nope  # noqa: B018


def test_importing_the_command_line_reads_no_metadata() -> None:
    code = "import sys, apigen.cli; assert 'importlib.metadata' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
