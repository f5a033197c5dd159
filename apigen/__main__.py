"""``python -m apigen`` runs the command-line interface."""

from apigen.cli import run

run()
