"""The WSGI entry point: ``corner_pet_shop_service.app:app``, and the ``create_app()`` factory.

This module is yours: register extra blueprints or middleware here.  The routes, validation
and security come from ``corner_pet_shop_service._generated``, rebuilt from the contract.  Serve it with
``flask --app corner_pet_shop_service.app run`` or ``gunicorn corner_pet_shop_service.app:app``.
"""

from corner_pet_shop_service._generated.app import create_app

__all__ = ["app", "create_app"]

app = create_app()
