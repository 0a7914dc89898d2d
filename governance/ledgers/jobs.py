"""Running imports and exports that are too big for one request, with progress the page can poll.

Where the work runs (setting LEDGER_JOB_RUNNER, or the environment variable ZONGZHI_LEDGER_JOBS):

- "thread" (the default; the embedded single ASGI process): a daemon thread of the process that
  took the request starts the job after the request's transaction commits. Nothing else to run.
- "worker" (the scaled deployment, if the web processes should not do this work): jobs stay
  pending until `manage.py ledger_worker` (any number of them, on any machine with the database and
  the media storage) claims them.
- "inline": the job runs within the request (tests, and management commands).

Either way the job row in the database is the queue and the claim (a conditional UPDATE from a
pending to a running status), so a job never runs twice at once; the uploaded file and the result
live in the default storage, which every worker shares. Progress goes to the cache (Redis when
several processes serve, the per-process memory cache in the embedded default) because a commit's
own database writes are invisible to other connections until it ends. A job whose runner died (a
restart) stops beating; the status endpoint puts it back in the queue (an import commit that did
finish is found as "already imported" on the retry, so nothing is written twice).

Django's task framework is not used for this: its TASKS setting is shared with the django_tasks
backport that Wagtail uses (inline), the installed backport has no database backend, and a thread
or the worker above covers both deployments without another service.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import close_old_connections, connections, transaction
from django.db.models import F
from django.utils import timezone

from governance.ledgers.models import ExportJob, ExportStatus, ImportJob, ImportStatus

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(seconds=120)
MAX_ATTEMPTS = 3
BEAT_EVERY = 0.5  # seconds between progress writes

IMPORT_PENDING = {ImportStatus.PREVIEW_PENDING: ImportStatus.PREVIEWING, ImportStatus.COMMIT_PENDING: ImportStatus.COMMITTING}
IMPORT_RUNNING = {ImportStatus.PREVIEWING: ImportStatus.PREVIEW_PENDING, ImportStatus.COMMITTING: ImportStatus.COMMIT_PENDING}


def runner_mode():
    mode = getattr(settings, "LEDGER_JOB_RUNNER", None) or os.environ.get("ZONGZHI_LEDGER_JOBS") or "thread"
    return mode if mode in ("thread", "worker", "inline") else "thread"


def inline_limit():
    """Files and exports up to this many rows are handled within the request (no progress page)."""
    return int(getattr(settings, "LEDGER_INLINE_ROWS", 2000))


# --- progress ------------------------------------------------------------------------------------


def _key(kind, pk):
    return f"ledgers:job:{kind}:{pk}"


class Progress:
    """Throttled progress reports of one job: to the cache always, and to the job row when allowed."""

    def __init__(self, kind, job, stage=""):
        self.kind, self.job, self.stage = kind, job, stage
        self.last = 0.0
        self.db_beats = True

    def __call__(self, done, total, stage=None, force=False):
        if stage is not None:
            self.stage = stage
        now = time.monotonic()
        if not force and now - self.last < BEAT_EVERY:
            return
        self.last = now
        percent = min(100, int(100 * done / total)) if total else 0
        cache.set(_key(self.kind, self.job.pk), {"done": done, "total": total, "percent": percent, "stage": self.stage, "at": time.time()}, 3600)
        if self.db_beats and transaction.get_autocommit():  # not inside a transaction (atomic turns autocommit off)
            type(self.job).objects.filter(pk=self.job.pk).update(heartbeat_at=timezone.now())


def progress_of(kind, job):
    return cache.get(_key(kind, job.pk)) or {}


# --- dispatch ------------------------------------------------------------------------------------


def dispatch(kind, job, *, inline=False):
    """Start a pending job: now (inline), in a thread after commit, or leave it to the worker."""
    mode = "inline" if inline else runner_mode()
    if mode == "inline":
        run(kind, job.pk)
    elif mode == "thread":
        transaction.on_commit(lambda: _start_thread(kind, job.pk))


def _start_thread(kind, pk):
    thread = threading.Thread(target=_thread_main, args=(kind, pk), name=f"ledger-{kind}-{pk}", daemon=True)
    thread.start()


def _thread_main(kind, pk):
    close_old_connections()
    try:
        run(kind, pk)
    except Exception:  # logged; the job row says failed
        logger.exception("ledger %s job %s failed", kind, pk)
    finally:
        connections.close_all()


def run(kind, pk):
    """Claim the job if it is pending and run it; False if someone else has it."""
    if kind == "import":
        return _run_import(pk)
    return _run_export(pk)


def _claim(model, pk, pending_to_running):
    now = timezone.now()
    for pending, running in pending_to_running.items():
        claimed = model.objects.filter(pk=pk, status=pending).update(status=running, started_at=now, heartbeat_at=now)
        if claimed:
            model.objects.filter(pk=pk).update(attempts=F("attempts") + 1)
            return model.objects.get(pk=pk)
    return None


# --- imports -------------------------------------------------------------------------------------


def read_upload(job):
    with default_storage.open(job.file.name, "rb") as handle:
        return handle.read()


def _run_import(pk):
    from governance.ledgers import pipeline

    job = _claim(ImportJob, pk, IMPORT_PENDING)
    if job is None:
        return False
    progress = Progress("import", job)
    try:
        if job.status == ImportStatus.PREVIEWING:
            pipeline.preview(job, progress)
        else:
            pipeline.commit(job, progress)
    except Exception as exc:
        logger.exception("ledger import %s failed", pk)
        ImportJob.objects.filter(pk=pk).update(status=ImportStatus.FAILED, message=f"{type(exc).__name__}: {exc}"[:500], finished_at=timezone.now())
    return True


# --- exports -------------------------------------------------------------------------------------


def _run_export(pk):
    from governance.ledgers import pipeline

    job = _claim(ExportJob, pk, {ExportStatus.PENDING: ExportStatus.RUNNING})
    if job is None:
        return False
    try:
        pipeline.export_job(job, Progress("export", job))
    except Exception as exc:
        logger.exception("ledger export %s failed", pk)
        ExportJob.objects.filter(pk=pk).update(status=ExportStatus.FAILED, message=f"{type(exc).__name__}: {exc}"[:500], finished_at=timezone.now())
    return True


# --- recovery ------------------------------------------------------------------------------------


def recover_if_stale(kind, job):
    """A running job that stopped beating (its process ended) goes back to the queue, at most
    MAX_ATTEMPTS times; a pending job nobody started (thread mode) is started again."""
    model = ImportJob if kind == "import" else ExportJob
    running = IMPORT_RUNNING if kind == "import" else {ExportStatus.RUNNING: ExportStatus.PENDING}
    pending = IMPORT_PENDING if kind == "import" else {ExportStatus.PENDING: ExportStatus.RUNNING}
    now = timezone.now()
    beat = progress_of(kind, job).get("at")
    last_beat = max(filter(None, [job.heartbeat_at, job.started_at, job.created_at]))
    if beat:
        last_beat = max(last_beat, datetime.fromtimestamp(beat, tz=UTC))
    if now - last_beat < STALE_AFTER:
        return job
    if job.status in running:
        if job.attempts >= MAX_ATTEMPTS:
            model.objects.filter(pk=job.pk, status=job.status).update(status="failed", message="interrupted", finished_at=now)
        else:
            model.objects.filter(pk=job.pk, status=job.status).update(status=running[job.status], heartbeat_at=now)
            job.refresh_from_db()
            if runner_mode() == "thread":
                _start_thread(kind, job.pk)
    elif job.status in pending and runner_mode() == "thread":
        model.objects.filter(pk=job.pk).update(heartbeat_at=now)
        _start_thread(kind, job.pk)
    job.refresh_from_db()
    return job


def requeue_stale():
    """Put running jobs that stopped beating back in the queue (the worker calls this)."""
    cutoff = timezone.now() - STALE_AFTER
    for job in ImportJob.objects.filter(status__in=list(IMPORT_RUNNING), heartbeat_at__lt=cutoff):
        recover_if_stale("import", job)
    for job in ExportJob.objects.filter(status=ExportStatus.RUNNING, heartbeat_at__lt=cutoff):
        recover_if_stale("export", job)


def pending_jobs():
    """(kind, pk) of the jobs waiting for a worker, oldest first."""
    jobs = [("import", pk, at) for pk, at in ImportJob.objects.filter(status__in=list(IMPORT_PENDING)).values_list("pk", "created_at")]
    jobs += [("export", pk, at) for pk, at in ExportJob.objects.filter(status=ExportStatus.PENDING).values_list("pk", "created_at")]
    return [(kind, pk) for kind, pk, _at in sorted(jobs, key=lambda item: item[2])]


def save_file(field_file, name, data: bytes):
    field_file.save(name, ContentFile(data), save=False)
    return field_file.name
