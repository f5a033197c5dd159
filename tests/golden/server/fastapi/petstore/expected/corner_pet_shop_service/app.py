"""The ASGI entry point: serve ``corner_pet_shop_service.app:app`` (``uvicorn corner_pet_shop_service.app:app``).

This module is yours: wrap the app in middleware or add startup hooks here.  The routes,
validation and security come from ``corner_pet_shop_service._generated``, rebuilt from the contract.
"""

from corner_pet_shop_service._generated.app import create_app

__all__ = ["app", "create_app"]

app = create_app()
