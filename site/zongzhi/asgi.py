"""ASGI entry point: HTTP (with static files) and WebSockets under one server."""

import asyncio
import os
import sys
from pathlib import Path

_root = Path(__file__).resolve().parents[2]
for _path in (str(_root), str(_root / "site")):
    if _path not in sys.path:
        sys.path.insert(0, _path)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zongzhi.settings.dev")

from django.core.asgi import get_asgi_application  # noqa: E402

# Django must be set up before anything imports models (the routing below does).
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from governance import live  # noqa: E402
from zongzhi.routing import websocket_urlpatterns  # noqa: E402


class RememberServerLoop:
    """Tells governance.live which event loop serves this process (for sends from other threads)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        live.remember_server_loop(asyncio.get_running_loop())
        return await self.app(scope, receive, send)


application = RememberServerLoop(
    ProtocolTypeRouter(
        {
            "http": django_asgi_app,
            # The only socket is the lobby screens': public and read-only, so no session or user
            # lookup per connection (a database thread round each, in a reconnect storm).
            "websocket": AllowedHostsOriginValidator(URLRouter(websocket_urlpatterns)),
        }
    )
)
