"""Special-work tags on cases (community correction, released prisoners, key youth, drugs,
floating population): add and remove, audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance.institutions.models import CaseTag, SpecialWork
from governance.institutions.rules import flows
from governance.institutions.services import common
from governance.models import Case

SUBJECT = "tag"


def _check(actor, case, permission):
    if actor is not None and not actor.has_perm(permission):
        raise flows.MoveNotAllowed(_("You do not have permission for this action."))
    if actor is not None and flows.CENTER not in common.relations_to(actor, case.center_id):
        raise flows.MoveNotAllowed(_("Only the center's own staff can do this."))


@transaction.atomic
def case_tag_add(case_id, actor, *, tag):
    """Tag a case for a special work; tagging twice changes nothing."""
    if tag not in SpecialWork.values:
        raise ValidationError({"tag": _("Unknown special work.")})
    case = Case.objects.select_for_update().get(pk=case_id)
    _check(actor, case, "institutions.add_casetag")
    found, created = CaseTag.objects.get_or_create(case=case, tag=tag, defaults={"tagged_by": actor})
    if created:
        common.record(SUBJECT, "add", actor, found, case=case.code, tag=tag)
        common.broadcast(case.center_id)
    return found


@transaction.atomic
def case_tag_remove(case_id, actor, *, tag):
    case = Case.objects.select_for_update().get(pk=case_id)
    _check(actor, case, "institutions.delete_casetag")
    found = CaseTag.objects.filter(case=case, tag=tag).first()
    if found is None:
        return False
    common.record(SUBJECT, "remove", actor, found, case=case.code, tag=tag)
    found.delete()
    common.broadcast(case.center_id)
    return True
