"""WebSocket routes."""

from django.urls import path

from governance.consumers import LobbyConsumer

websocket_urlpatterns = [
    path("ws/lobby/<slug:slug>/", LobbyConsumer.as_asgi()),
]
