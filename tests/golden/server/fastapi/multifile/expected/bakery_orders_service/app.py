"""The ASGI entry point: serve ``bakery_orders_service.app:app`` (``uvicorn bakery_orders_service.app:app``).

This module is yours: wrap the app in middleware or add startup hooks here.  The routes,
validation and security come from ``bakery_orders_service._generated``, rebuilt from the contract.
"""

from bakery_orders_service._generated.app import create_app

__all__ = ["app", "create_app"]

app = create_app()
