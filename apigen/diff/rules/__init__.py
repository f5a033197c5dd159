"""Breaking-change rules, one module per area; importing this package registers them all."""

from apigen.diff.rules import (  # noqa: F401
    bodies,
    operations,
    parameters,
    responses,
    schemas,
    sdk,
    security,
)
