from django.core.management.base import BaseCommand

from governance.institutions.services.sweep import run_institutions_sweep


class Command(BaseCommand):
    help = "Monthly meetings ahead of time, screening reminders, overdue notices and task urges (idempotent; run every few minutes)."

    def handle(self, *args, **options):
        result = run_institutions_sweep()
        self.stdout.write(" ".join(f"{name}={value}" for name, value in vars(result).items()))
