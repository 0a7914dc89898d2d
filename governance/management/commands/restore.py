from django.core.management.base import BaseCommand, CommandError

from governance.backup import BackupError, restore_backup


class Command(BaseCommand):
    requires_system_checks = []
    help = "Restore a backup into this (fresh) instance and verify counts and checksums."

    def add_arguments(self, parser):
        parser.add_argument("source", help="folder written by `manage.py backup`")
        parser.add_argument("--force", action="store_true", help="overwrite an existing database")

    def handle(self, *args, source, force, **options):
        try:
            manifest, restored, problems = restore_backup(source, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for section in ("counts", "checksums"):
            for key, expected in manifest[section].items():
                got = restored[section][key]
                mark = "OK " if got == expected else "BAD"
                self.stdout.write(f"{mark} {section}.{key}: backup={str(expected)[:16]} restored={str(got)[:16]}")
        if problems:
            raise CommandError(f"restore does not match the backup: {', '.join(problems)}")
        self.stdout.write("restore verified")
