from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from governance.demo import load_demo


class Command(BaseCommand):
    @property
    def help(self):
        # Read when the parser is built, so argparse gets a plain (translated) string.
        return gettext("Load the demo county's data (safe to run again: nothing is created twice).")

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help=gettext("Do not print the demo accounts"))

    def handle(self, *args, quiet_logins=False, **options):
        result = load_demo()
        self.stdout.write(gettext("Demo data ready: %(count)d records created.") % {"count": result.created})
        if not quiet_logins:
            print_logins(self.stdout, result)


def print_logins(out, result):
    out.write(gettext("Demo accounts (all with the password %(password)s):") % {"password": result.password})
    for login in result.logins:
        out.write(f"  {login.username:<18} {login.role:<8} {login.center}  {login.name}")
