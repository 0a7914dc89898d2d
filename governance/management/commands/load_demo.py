from django.core.management.base import BaseCommand

from governance.demo import load_demo


class Command(BaseCommand):
    help = "加载示范县演示数据（可重复运行，不会重复创建）。"

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="不打印演示账号")

    def handle(self, *args, quiet_logins=False, **options):
        result = load_demo()
        self.stdout.write(f"演示数据就绪：新建 {result.created} 条记录。")
        if not quiet_logins:
            print_logins(self.stdout, result)


def print_logins(out, result):
    out.write(f"演示账号（密码均为 {result.password}）：")
    for login in result.logins:
        out.write(f"  {login.username:<18} {login.role:<8} {login.center}  {login.name}")
