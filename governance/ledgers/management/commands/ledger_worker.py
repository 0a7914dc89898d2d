"""Run pending ledger imports and exports (for LEDGER_JOB_RUNNER / ZONGZHI_LEDGER_JOBS = "worker")."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.translation import gettext

from governance.ledgers import jobs


class Command(BaseCommand):
    @property
    def help(self):
        return gettext("Run pending ledger imports and exports; several workers may run at once.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run what is pending now, then stop.")
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds between looks at the queue.")

    def handle(self, *args, once, interval, **options):
        while True:
            ran = 0
            jobs.requeue_stale()
            for kind, pk in jobs.pending_jobs():
                ran += bool(jobs.run(kind, pk))  # the claim makes a job run once among workers
            if once:
                self.stdout.write(gettext("Ledger jobs run: %(n)s") % {"n": ran})
                return
            close_old_connections()  # a long-running loop: drop connections the database closed
            if not ran:
                time.sleep(interval)
