"""What the unit services share: the actor's relations and the center-staff check."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from governance.flow import relations
from governance.flow.table import CENTER, MoveNotAllowed
from governance.services import clock

LIVE_REASON = "units"


def today():
    return clock.today()


def relations_to(user, center_id):
    return relations.relations_to(user, center_id)


def require_center_staff(user, center_id, *permissions):
    """MoveNotAllowed unless `user` holds every permission and is the center's own staff (None: the system)."""
    if user is None:
        return
    if not all(user.has_perm(permission) for permission in permissions):
        raise MoveNotAllowed(_("You do not have permission for this action."))
    if CENTER not in relations_to(user, center_id):
        raise MoveNotAllowed(_("Only the center's own staff can do this."))


def required(value, field, errors):
    text = (value or "").strip()
    if not text:
        errors[field] = _("This field is required.")
    return text


def check_village(center, village_id):
    if village_id and not center.workstations.filter(pk=village_id).exists():
        raise ValidationError({"village": _("Choose a village of this center.")})
