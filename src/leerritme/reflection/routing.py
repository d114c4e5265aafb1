"""WebSocket routes of the reflection part (mounted by leerritme.asgi)."""

from django.urls import path

from leerritme.reflection.consumers import BoardConsumer

websocket_urlpatterns = [
    path("ws/o/<slug:org>/reflection/<uuid:session>/", BoardConsumer.as_asgi()),
]
