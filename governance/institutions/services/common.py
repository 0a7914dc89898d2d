"""What every institutions service shares: "today", the actor's relations and permissions, and
the check that an actor is the center's own staff. Every change of a notice, meeting, task or
assessment goes through the engine (governance.flow.engine) with the lifecycle its module declares.

Services call `common.today()` (governance.services.clock: one place for tests to freeze it).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from governance.flow import relations
from governance.flow.relations import permissions_of  # noqa: F401 (the views ask it through here)
from governance.institutions.rules import flows
from governance.services import clock

LIVE_REASON = "institutions"


def today():
    return clock.today()


def relations_to(user, center_id, department_id=None):
    """How `user` stands to a record of `center_id` addressed to `department_id` (flows.CENTER…)."""
    return relations.relations_to(user, center_id, responsible=department_id)


def require_center_staff(user, center_id, permission):
    """Raise MoveNotAllowed unless the user is staff of this center (or a superuser) with the permission."""
    if user is not None and not user.has_perm(permission):
        raise flows.MoveNotAllowed(_("You do not have permission for this action."))
    if flows.CENTER not in relations_to(user, center_id) and user is not None:
        raise flows.MoveNotAllowed(_("Only the center's own staff can do this."))


def required_text(value, field, message=None):
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: message or _("This field is required.")})
    return text


def require_past_or_today(value, field):
    if not isinstance(value, date):
        raise ValidationError({field: _("Enter a valid date.")})
    if value > today():
        raise ValidationError({field: _("The date cannot be in the future.")})
    return value
