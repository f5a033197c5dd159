"""The WSGI entry point: ``bakery_orders_service.app:app``, and the ``create_app()`` factory.

This module is yours: register extra blueprints or middleware here.  The routes, validation
and security come from ``bakery_orders_service._generated``, rebuilt from the contract.  Serve it with
``flask --app bakery_orders_service.app run`` or ``gunicorn bakery_orders_service.app:app``.
"""

from bakery_orders_service._generated.app import create_app

__all__ = ["app", "create_app"]

app = create_app()
