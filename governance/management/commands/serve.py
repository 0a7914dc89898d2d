"""Start the portal: one ASGI process serving HTTP, static files and WebSockets."""

import unicodedata

import uvicorn
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from governance import periodic
from governance.demo import read_demo_data


class Command(BaseCommand):
    @property
    def help(self):
        # Read when the parser is built, so argparse gets a plain (translated) string.
        return gettext("Start the Zongzhi platform (one ASGI process: web pages, static files and WebSockets).")

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1)

    def handle(self, *args, host, port, workers, **options):
        if workers > 1 and not settings.REDIS_URL:
            self.stderr.write(gettext("Several workers need REDIS_URL: the in-memory channel layer only works within one process."))
            raise SystemExit(2)
        base = f"http://{host}:{port}"
        self.stdout.write("")
        self.stdout.write(gettext("The Zongzhi platform is running:"))
        links = [
            (gettext("Public portal"), f"{base}/"),
            (gettext("Admin site"), f"{base}/admin/"),
            (gettext("Lobby screen"), f"{base}/lobby/"),
            (gettext("Open API"), f"{base}/api/v2/pages/"),
        ]
        for label, url in links:
            self.stdout.write(f"  {_pad(label, 14)}{url}")
        if settings.ZONGZHI_DEMO_ALLOWED:
            self._print_demo_logins()
        if periodic.runs_in_serve():
            # In this process, not in uvicorn's workers: one round at a time whatever --workers says.
            periodic.start_in_background(settings.ZONGZHI_SWEEP_SECONDS)
            self.stdout.write(
                gettext("Deadline urges, reminders and scheduled publishing run every %(minutes)s minutes.")
                % {"minutes": f"{settings.ZONGZHI_SWEEP_SECONDS / 60:g}"}
            )
        self.stdout.write(gettext("Press Ctrl+C to stop."))
        uvicorn.run(
            "zongzhi.asgi:application",
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            lifespan="off",
            proxy_headers=True,
        )

    def _print_demo_logins(self):
        data = read_demo_data()
        usernames = [u["username"] for u in data["county_users"]]
        usernames += [u["username"] for c in data["centers"] for u in c["users"]]
        existing = set(get_user_model().objects.filter(username__in=usernames).values_list("username", flat=True))
        if not existing:
            return
        self.stdout.write(gettext("Demo accounts (all with the password %(password)s):") % {"password": data["demo_password"]})
        for user in data["county_users"] + [dict(u, center=c["name"]) for c in data["centers"] for u in c["users"]]:
            if user["username"] in existing:
                where = user.get("center") or gettext("county level")
                label = gettext("%(user)s (%(center)s)") % {"user": user["name"], "center": where}
                self.stdout.write(f"  {user['username']:<18} {label}")


def _pad(text, width):
    """Left-justify text to a display width (CJK characters take two columns in a terminal)."""
    shown = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(1, width - shown)
