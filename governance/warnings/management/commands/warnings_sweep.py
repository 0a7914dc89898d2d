from django.core.management.base import BaseCommand

from governance.warnings.services import expire_due


class Command(BaseCommand):
    help = "Expire the published security warnings whose validity has ended (idempotent; run every few minutes)."

    def handle(self, *args, **options):
        self.stdout.write(f"expired={expire_due()}")
