"""The WSGI entry point: ``kitchen_sink_service.app:app``, and the ``create_app()`` factory.

This module is yours: register extra blueprints or middleware here.  The routes, validation
and security come from ``kitchen_sink_service._generated``, rebuilt from the contract.  Serve it with
``flask --app kitchen_sink_service.app run`` or ``gunicorn kitchen_sink_service.app:app``.
"""

from kitchen_sink_service._generated.app import create_app

__all__ = ["app", "create_app"]

app = create_app()
