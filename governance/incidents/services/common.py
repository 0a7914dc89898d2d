"""What the incident and key-work services share: the clock, relations, the center-staff check."""

from django.utils import timezone

from governance.flow import relations
from governance.prevention.services.common import check_villages, require_center_staff  # noqa: F401 (shared checks)
from governance.services import clock

# The lobby delta's reason: no section of the public screens shows incidents or key work (no
# personal data leaves the admin); the center's sequence still moves on.
LIVE_REASON = "institutions"


def relations_to(user, center_id, responsible=None):
    return relations.relations_to(user, center_id, responsible=responsible)


def today():
    return clock.today()


def now():
    return timezone.now()


def check_departments(center, department_ids, field):
    """The ids, all active departments of `center`, or a ValidationError on `field`."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    wanted = {int(pk) for pk in department_ids or () if pk}
    if wanted and center.departments.filter(pk__in=wanted).count() != len(wanted):
        raise ValidationError({field: _("Choose departments of this center.")})
    return sorted(wanted)
