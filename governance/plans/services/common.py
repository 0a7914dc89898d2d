"""What the plans services share: the actor's relations to a plan, a milestone or a point, and the
center-staff check."""

from django.utils.translation import gettext as _

from governance import scoping
from governance.flow import relations
from governance.flow.table import CENTER, RESPONSIBLE, MoveNotAllowed
from governance.services import clock

LIVE_REASON = "plans"


def today():
    return clock.today()


def relations_to(user, center_id):
    return relations.relations_to(user, center_id)


def milestone_relations(user, milestone, village_id):
    """The relations of `user` to a milestone of the plan of `village_id`: a department owning it,
    or the village's own workstation when no department owns it, is RESPONSIBLE."""
    found = relations.relations_to(user, milestone.center_id, responsible=milestone.owner_department_id)
    profile = scoping.profile_of(user) if user is not None else None
    if (
        milestone.owner_department_id is None
        and profile is not None
        and profile.workstation_id is not None
        and profile.center_id == milestone.center_id
        and profile.workstation_id == village_id
    ):
        found = set(found) | {RESPONSIBLE}
    return found


def require_center_staff(user, center_id, permission):
    """MoveNotAllowed unless `user` holds `permission` and is the center's own staff (None: the system)."""
    if user is None:
        return
    if not user.has_perm(permission):
        raise MoveNotAllowed(_("You do not have permission for this action."))
    if CENTER not in relations_to(user, center_id):
        raise MoveNotAllowed(_("Only the center's own staff can do this."))
