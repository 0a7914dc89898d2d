"""What the prevention services share: the actor's relations and the center-staff check."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from governance.flow import relations
from governance.flow.table import CENTER, MoveNotAllowed
from governance.services import clock

LIVE_REASON = "prevention"


def today():
    return clock.today()


def relations_to(user, center_id):
    return relations.relations_to(user, center_id)


def require_center_staff(user, center_id, permission):
    """MoveNotAllowed unless `user` holds `permission` and is the center's own staff (None: the system)."""
    if user is None:
        return
    if not user.has_perm(permission):
        raise MoveNotAllowed(_("You do not have permission for this action."))
    if CENTER not in relations_to(user, center_id):
        raise MoveNotAllowed(_("Only the center's own staff can do this."))


def check_villages(center, village_ids, field="villages"):
    """The ids, all villages (workstations) of `center`, or ValidationError."""
    wanted = {int(pk) for pk in village_ids or ()}
    if wanted and center.workstations.filter(pk__in=wanted).count() != len(wanted):
        raise ValidationError({field: _("Choose villages of this center.")})
    return sorted(wanted)
