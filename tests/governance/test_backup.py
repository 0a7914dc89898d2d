"""Backup and restore drill: a real instance is backed up and restored into a fresh one, verified."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import default_db_is_postgres

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, env):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _env(database_url, media_root):
    env = dict(os.environ, DATABASE_URL=database_url, DJANGO_MEDIA_ROOT=str(media_root), DJANGO_SETTINGS_MODULE="zongzhi.settings.dev")
    env.pop("REDIS_URL", None)
    return env


def _drill(tmp_path, demo_instance, target_url):
    """Back up a copy of the session's demo instance (migrated, demo county loaded: see
    tests/conftest.py) with its media, restore it into a fresh instance and verify."""
    media_a, media_b = tmp_path / "media-a", tmp_path / "media-b"
    if demo_instance.media_root.exists():
        shutil.copytree(demo_instance.media_root, media_a)  # what load_demo wrote (evidence photos)
    media_a.mkdir(exist_ok=True)
    (media_a / "evidence.txt").write_text("整改前照片", encoding="utf-8")
    source = _env(demo_instance.clone(), media_a)
    backup_out = manage("backup", str(tmp_path / "backup"), env=source)
    assert "cases=" in backup_out
    restore_out = manage("restore", str(tmp_path / "backup"), env=_env(target_url, media_b))
    assert "restore verified" in restore_out
    assert "BAD" not in restore_out
    assert (media_b / "evidence.txt").read_text(encoding="utf-8") == "整改前照片"
    # A second restore over the now non-empty instance is refused.
    refused = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path / "backup")],
        cwd=ROOT,
        env=_env(target_url, media_b),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert refused.returncode != 0 and "fresh instance" in refused.stderr


@pytest.mark.skipif(default_db_is_postgres(), reason="本轮使用 PostgreSQL；SQLite 轮次覆盖 SQLite 的备份演练")
def test_sqlite_backup_restores_into_a_fresh_instance_with_matching_checksums(tmp_path, demo_instance):
    _drill(tmp_path, demo_instance, f"sqlite:///{tmp_path / 'b.sqlite3'}")


@pytest.mark.postgres
def test_postgres_backup_restores_into_a_fresh_database_with_matching_checksums(tmp_path, demo_instance):
    from django.conf import settings

    db = settings.DATABASES["default"]
    base = f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    names = [f"zongzhi_drill_{os.getpid()}_b"]
    admin = ["psql", "-h", db["HOST"] or "127.0.0.1", "-U", db["USER"] or "postgres", "-d", "postgres", "-qc"]
    for name in names:
        subprocess.run([*admin, f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run([*admin, f"CREATE DATABASE {name}"], check=True)
    try:
        _drill(tmp_path, demo_instance, f"{base}/{names[0]}")
    finally:
        for name in names:
            subprocess.run([*admin, f"DROP DATABASE IF EXISTS {name}"], check=False)
