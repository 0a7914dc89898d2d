"""Consistent backups and verified restores of data and media.

SQLite: the online backup API copies a consistent snapshot while the portal keeps running.
PostgreSQL: pg_dump (custom format, one consistent snapshot) and pg_restore into a fresh database.
Media: a tar.gz of MEDIA_ROOT. A manifest records row counts and checksums over case codes,
audit events and the ledger-relevant case fields, so a restore can prove it is complete.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def _digest(rows):
    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps(row, ensure_ascii=False, default=str).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def fingerprint():
    """Counts and checksums of what must survive a backup: cases, parties, audit trail, ledgers."""
    from governance.models import AuditEvent, Case, CaseEvent, Party

    cases = Case.objects.order_by("code")
    return {
        "counts": {
            "cases": cases.count(),
            "parties": Party.objects.count(),
            "case_events": CaseEvent.objects.count(),
            "audit_events": AuditEvent.objects.count(),
        },
        "checksums": {
            "case_codes": _digest(cases.values_list("code", flat=True)),
            "case_events": _digest(
                CaseEvent.objects.order_by("pk").values_list("pk", "case__code", "action", "from_status", "to_status", "created_at")
            ),
            "audit_events": _digest(AuditEvent.objects.order_by("pk").values_list("pk", "action", "object_id", "created_at")),
            "ledger_rows": _digest(
                cases.values_list(
                    "code", "status", "received_on", "category__code", "lead_department__name", "due_date", "resolved_on", "outcome__code"
                )
            ),
        },
    }


def _database():
    db = settings.DATABASES["default"]
    return db["ENGINE"].rsplit(".", 1)[-1], db


def _pg_env(db):
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _pg_args(db, name=None):
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["-U", db["USER"]]
    return args + ["-d", name or db["NAME"]]


def make_backup(target_dir):
    """Write a consistent backup of the database and media into target_dir; returns the manifest."""
    target = Path(target_dir)
    target.mkdir(parents=True, exist_ok=True)
    vendor, db = _database()
    if vendor == "sqlite3":
        connection.ensure_connection()
        destination = sqlite3.connect(target / "db.sqlite3")
        with destination:
            connection.connection.backup(destination)
        destination.close()
        data_file = "db.sqlite3"
    elif vendor == "postgresql":
        data_file = "db.dump"
        result = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(target / data_file), *_pg_args(db)],
            env=_pg_env(db),
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise BackupError(result.stderr.strip())
    else:
        raise BackupError(f"unsupported database: {vendor}")
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / "media.tar.gz", "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname="media")
    manifest = {"created": datetime.now().isoformat(), "vendor": vendor, "data": data_file, **fingerprint()}
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def _has_cases():
    from governance.models import Case

    if "governance_case" not in connection.introspection.table_names():
        return False
    return Case.objects.exists()


def restore_backup(source_dir, force=False):
    """Restore into the configured (fresh) database and media root, then verify the fingerprint."""
    source = Path(source_dir)
    manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    vendor, db = _database()
    if vendor != manifest["vendor"]:
        raise BackupError(f"backup is {manifest['vendor']}, this instance uses {vendor}")
    if not force and _has_cases():
        raise BackupError("this instance already holds cases; restore only into a fresh instance (or pass --force)")
    connection.close()
    if vendor == "sqlite3":
        database = Path(db["NAME"])
        for suffix in ("-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(source / manifest["data"], database)
    else:
        result = subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                *(["--clean", "--if-exists"] if force else []),
                *_pg_args(db),
                str(source / manifest["data"]),
            ],
            env=_pg_env(db),
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise BackupError(result.stderr.strip())
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / "media.tar.gz", "r:gz") as archive:
        members = [m for m in archive.getmembers() if m.name == "media" or m.name.startswith("media/")]
        for member in members:
            member.name = member.name[len("media/") :] if member.name != "media" else "."
        archive.extractall(media_root, members=members, filter="data")
    connection.close()
    restored = fingerprint()
    problems = [key for section in ("counts", "checksums") for key in manifest[section] if manifest[section][key] != restored[section][key]]
    return manifest, restored, problems
