"""What follows a committed change, scheduled by the engine: the center's lobby screens get one
delta, and the center's cached public pages (and the county-level pages listing several centers)
are dropped. Both happen once per center and transaction, however many records changed."""

from governance import live
from zongzhi import pagescope


def record_changed(center_id, reason, *, public=True):
    """A record of `center_id` changed (inside the transaction that changes it); `public`: public
    pages show such records (the reception queue's tickets are on the lobby screens only)."""
    if center_id is None:
        return
    live.schedule_center_refresh(center_id, reason)
    if public:
        pagescope.invalidate_center(center_id)


def records_changed(center_ids, reason, *, public=True):
    for center_id in sorted(set(center_ids) - {None}):
        record_changed(center_id, reason, public=public)
