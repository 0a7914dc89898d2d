from django.core.management.base import BaseCommand

from governance.reference_defaults import load_reference


class Command(BaseCommand):
    help = "Create the default reference lists and statutory deadline rules that are missing (idempotent)."

    def handle(self, *args, **options):
        created = load_reference()
        self.stdout.write(f"reference entries created: {created}")
