"""The WSGI entry point: ``warehouse_inventory_service.app:app``, and the ``create_app()`` factory.

This module is yours: register extra blueprints or middleware here.  The routes, validation
and security come from ``warehouse_inventory_service._generated``, rebuilt from the contract.  Serve it with
``flask --app warehouse_inventory_service.app run`` or ``gunicorn warehouse_inventory_service.app:app``.
"""

from warehouse_inventory_service._generated.app import create_app

__all__ = ["app", "create_app"]

app = create_app()
