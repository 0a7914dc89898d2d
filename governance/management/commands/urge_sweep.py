from django.core.management.base import BaseCommand

from governance.services.sweep import run_urge_sweep


class Command(BaseCommand):
    help = "Urge due-soon and overdue cases (idempotent; run every few minutes)."

    def handle(self, *args, **options):
        result = run_urge_sweep()
        self.stdout.write(f"due_soon={result.due_soon} overdue={result.overdue}")
