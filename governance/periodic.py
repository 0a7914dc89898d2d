"""The periodic jobs, and running them inside `manage.py serve` on the one-process default.

Four jobs, each idempotent and safe to run at any time:
- the deadline urges (governance.services.sweep);
- the institutions' reminders: monthly meetings, screening reports, overdue notices and tasks
  (governance.institutions.services.sweep);
- the security warnings whose validity ended expire (governance.warnings.services.expire_due);
- Wagtail's scheduled publishing: pages whose go-live or expiry time has come
  (`manage.py publish_scheduled`).

Where they run is the setting ZONGZHI_SWEEPS:
- "serve" (the default of the development profile): `manage.py serve` runs a round every
  ZONGZHI_SWEEP_SECONDS in a background thread, so the embedded default needs no cron;
- "timer" (the default of the production profile): deploy/systemd/zongzhi-sweep.timer runs the
  same commands every 5 minutes, once for all workers.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.db import connections

logger = logging.getLogger(__name__)


def _urges():
    from governance.services.sweep import run_urge_sweep

    return run_urge_sweep()


def _institutions():
    from governance.institutions.services.sweep import run_institutions_sweep

    return run_institutions_sweep()


def _warnings():
    from governance.warnings.services import expire_due

    return expire_due()


def _scheduled_pages():
    call_command("publish_scheduled", verbosity=0)


JOBS = (("urges", _urges), ("institutions", _institutions), ("warnings", _warnings), ("scheduled_pages", _scheduled_pages))


def run_round(jobs=JOBS):
    """One round of every job; a job that fails is logged and does not stop the others.
    Returns {name: result or the exception}."""
    results = {}
    for name, job in jobs:
        try:
            results[name] = job()
        except Exception as exc:  # one broken job must not stop the others, nor the thread
            logger.exception("periodic job %s failed", name)
            results[name] = exc
    return results


def runs_in_serve():
    return getattr(settings, "ZONGZHI_SWEEPS", "timer") == "serve"


def start_in_background(interval, jobs=JOBS):
    """Run a round now and then every `interval` seconds in a daemon thread; returns the event that
    stops it (set() ends the loop after the round in progress)."""
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            try:
                run_round(jobs)
            finally:
                connections.close_all()  # this thread's own: not held idle until the next round
            stop.wait(interval)

    threading.Thread(target=loop, name="zongzhi-periodic", daemon=True).start()
    return stop
