from django.core.management.base import BaseCommand, CommandError

from governance.backup import BackupError, make_backup


class Command(BaseCommand):
    help = "Make a consistent backup of the database and media into a folder (run daily; see README)."

    def add_arguments(self, parser):
        parser.add_argument("target", help="folder to write the backup into")

    def handle(self, *args, target, **options):
        try:
            manifest = make_backup(target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = " ".join(f"{k}={v}" for k, v in manifest["counts"].items())
        self.stdout.write(f"backup written to {target}: {counts} case_codes_sha256={manifest['checksums']['case_codes'][:16]}")
