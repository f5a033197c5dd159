"""The ASGI entry point: serve ``event_relay_service.app:app`` (``uvicorn event_relay_service.app:app``).

This module is yours: wrap the app in middleware or add startup hooks here.  The routes,
validation and security come from ``event_relay_service._generated``, rebuilt from the contract.
"""

from event_relay_service._generated.app import create_app

__all__ = ["app", "create_app"]

app = create_app()
