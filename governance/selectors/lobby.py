"""The one serializer of what lobby screens show: used for snapshots and for deltas alike."""

import hashlib
import json
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db.models import Count, F, Q
from django.utils import timezone

from governance import workflow
from governance.models import Case, Center, LobbyScreen, LobbyState, QueueTicket
from governance.selectors.public import latest_results

SECTIONS = ("figures", "queue", "results", "center", "warnings")


def _static_version():
    digest = hashlib.sha256()
    for name in ("lobby/lobby.js", "lobby/lobby.css"):
        path = Path(settings.BASE_DIR) / "static" / name
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# The screens reload themselves when this changes (a deploy that changed their code).
PAGE_VERSION = _static_version()


def figures(center_id, today):
    month_start = today.replace(day=1)
    cases = Case.objects.filter(center_id=center_id)
    counts = cases.aggregate(
        registered_today=Count("pk", filter=Q(received_on=today)),
        registered_month=Count("pk", filter=Q(received_on__gte=month_start)),
        accepted_today=Count("pk", filter=Q(accepted_on=today)),
        accepted_month=Count("pk", filter=Q(accepted_on__gte=month_start)),
        handling=Count("pk", filter=Q(status__in=(workflow.ROUTED, workflow.HANDLING, workflow.SUSPENDED))),
        resolved_today=Count("pk", filter=Q(resolved_on=today)),
        resolved_month=Count("pk", filter=Q(resolved_on__gte=month_start)),
        due_month=Count("pk", filter=Q(resolved_on__gte=month_start, due_date__isnull=False)),
        on_time_month=Count("pk", filter=Q(resolved_on__gte=month_start, resolved_on__lte=F("due_date"))),
    )
    due = counts.pop("due_month")
    on_time = counts.pop("on_time_month")
    counts["on_time_rate"] = round(100 * on_time / due) if due else None
    return counts


def queue(center_id, today, recent=12):
    called = (
        QueueTicket.objects.filter(
            center_id=center_id, day=today, status__in=(QueueTicket.Status.CALLED, QueueTicket.Status.DONE), called_at__isnull=False
        )
        .select_related("service", "window")
        .order_by("-called_at", "-pk")[:recent]
    )
    waiting = dict(
        QueueTicket.objects.filter(center_id=center_id, day=today, status=QueueTicket.Status.WAITING)
        .values_list("service__name")
        .annotate(n=Count("pk"))
        .values_list("service__name", "n")
    )
    return {
        "calls": [{"id": t.pk, "ticket": t.label, "window": t.window.number if t.window_id else None, "at": t.called_at.isoformat()} for t in called],
        "waiting": waiting,
    }


def results(center, limit=20):
    return latest_results(center, limit)


def center_info(center):
    return {"name": center.name, "supervision_phone": center.supervision_phone, "phone": center.phone}


def security_warnings(center_id):
    """The current security warnings (governance.warnings): public fields only."""
    from governance.warnings.selectors import lobby_section

    return lobby_section(center_id)


def sections(center_id, names=SECTIONS):
    """The data sections of a center's screens; the same function feeds snapshots and deltas."""
    today = timezone.localdate()
    center = Center.objects.get(pk=center_id)
    builders = {
        "figures": lambda: figures(center_id, today),
        "queue": lambda: queue(center_id, today),
        "results": lambda: results(center),
        "center": lambda: center_info(center),
        "warnings": lambda: security_warnings(center_id),
    }
    return {name: builders[name]() for name in names}


def screen_config(screen):
    """The screen's layout as plain data for the client renderer."""
    panels = [{"type": block.block_type, "value": block.block.get_api_representation(block.value)} for block in screen.layout]
    return {"slug": screen.slug, "name": screen.name, "location": screen.location, "size": screen.size, "panels": panels}


def current_seq(center_id):
    return LobbyState.objects.filter(center_id=center_id).values_list("seq", flat=True).first() or 0


# Snapshots of one center at one sequence number are identical: when many screens (re)connect at
# once (a reconnect storm after a restart), each process computes the data once per center and
# sequence number, and encodes the snapshot once per screen and sequence number. Concurrent callers
# wait for the one computation in flight (single flight) instead of starting their own. Every
# change that screens show moves the sequence number, so an entry is never stale for it; the short
# lifetime bounds what does not (the date, a warning running out).
SNAPSHOT_TTL = 10.0
_cache = {}  # key -> (computed at, value)
_cache_lock = threading.Lock()
_key_locks = {}


def _single_flight(key, build):
    """build() once per key for SNAPSHOT_TTL seconds in this process, however many ask at once."""
    hit = _cache.get(key)
    if hit and time.monotonic() - hit[0] < SNAPSHOT_TTL:
        return hit[1]
    with _cache_lock:
        lock = _key_locks.setdefault(key, threading.Lock())
    with lock:
        hit = _cache.get(key)
        if hit and time.monotonic() - hit[0] < SNAPSHOT_TTL:
            return hit[1]
        value = build()
        with _cache_lock:
            now = time.monotonic()
            for old in [k for k, (at, _v) in _cache.items() if now - at >= SNAPSHOT_TTL]:
                del _cache[old]
                _key_locks.pop(old, None)
            _cache[key] = (now, value)
    return value


def clear_snapshot_cache():
    with _cache_lock:
        _cache.clear()
        _key_locks.clear()


def _cached_sections(center_id, seq):
    return _single_flight(("sections", center_id, seq, timezone.localdate()), lambda: sections(center_id))


def snapshot(screen, seq=None):
    """A full snapshot for one screen: its layout, every data section, and the current sequence."""
    seq = current_seq(screen.center_id) if seq is None else seq
    return {
        "type": "snapshot",
        "seq": seq,
        "version": PAGE_VERSION,
        "screen": screen_config(screen),
        "data": _cached_sections(screen.center_id, seq),
        "sent_at": timezone.now().isoformat(),
    }


def snapshot_frame(slug):
    """(center id, seq, the snapshot as a JSON text frame) for an active screen, else None; encoded
    once per screen (as last saved) and sequence number in this process."""
    screen = active_screen(slug)
    if screen is None:
        return None
    seq = current_seq(screen.center_id)
    key = ("frame", screen.pk, screen.updated_at, seq, timezone.localdate())
    return screen.center_id, seq, _single_flight(key, lambda: json.dumps(snapshot(screen, seq), ensure_ascii=False, separators=(",", ":")))


def active_screen(slug):
    return LobbyScreen.objects.select_related("center").filter(slug=slug, is_active=True).first()


REASON_SECTIONS = {
    "case": ("figures", "results"),
    "queue": ("queue",),
    "deadline": ("figures",),
    "center": ("center",),
    "import": ("figures", "results"),
    "institutions": (),
    "warnings": ("warnings",),
    # Records the screens do not show: the screens get an empty delta, not every section again.
    "prevention": (),
    "plans": (),
    "units": (),
    "analysis": (),
}


def delta(center_id, seq, reason):
    names = REASON_SECTIONS.get(reason, SECTIONS)
    return {"type": "delta", "seq": seq, "reason": reason, "data": sections(center_id, names), "sent_at": timezone.now().isoformat()}
