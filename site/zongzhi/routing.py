"""WebSocket routes. The lobby screens' consumer joins these with the lobby issue."""

websocket_urlpatterns = []
