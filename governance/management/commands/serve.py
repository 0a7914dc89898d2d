"""Start the portal: one ASGI process serving HTTP, static files and WebSockets."""

import uvicorn
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from governance.demo import read_demo_data


class Command(BaseCommand):
    help = "启动综治平台（单个 ASGI 进程：网页、静态文件和 WebSocket）。"

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1)

    def handle(self, *args, host, port, workers, **options):
        if workers > 1 and not settings.REDIS_URL:
            self.stderr.write("多个进程必须配置 REDIS_URL：内存通道层只在单个进程内有效。")
            raise SystemExit(2)
        base = f"http://{host}:{port}"
        self.stdout.write("")
        self.stdout.write("综治平台已启动：")
        self.stdout.write(f"  门户网站      {base}/")
        self.stdout.write(f"  管理后台      {base}/admin/")
        self.stdout.write(f"  大厅显示屏    {base}/lobby/")
        self.stdout.write(f"  开放接口      {base}/api/v2/pages/")
        if settings.ZONGZHI_DEMO_ALLOWED:
            self._print_demo_logins()
        self.stdout.write("按 Ctrl+C 停止。")
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
        self.stdout.write(f"演示账号（密码均为 {data['demo_password']}）：")
        for user in data["county_users"] + [dict(u, center=c["name"]) for c in data["centers"] for u in c["users"]]:
            if user["username"] in existing:
                self.stdout.write(f"  {user['username']:<18} {user['name']}（{user.get('center', '县级')}）")
