"""Special-work tags on cases (community correction, released prisoners, key youth, drugs,
floating population): added and removed as side moves of the case ("tag", "untag"), so each
change is on the case's timeline and reaches the screens and the public cache like any move."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from governance.flow import engine
from governance.institutions.models import CaseTag, SpecialWork
from governance.services.case_lifecycle import CASE


def case_tag_add(*, case_id, actor, tag):
    """Tag a case for a special work; tagging twice changes nothing."""
    if tag not in SpecialWork.values:
        raise ValidationError({"tag": _("Unknown special work.")})
    found = CaseTag.objects.filter(case_id=case_id, tag=tag).first()
    if found is not None:
        return found
    made = []

    def apply(case):
        made.append(CaseTag.objects.get_or_create(case=case, tag=tag, defaults={"tagged_by": actor})[0])

    engine.perform(CASE, case_id, "tag", actor, apply=apply, data={"tag": tag})
    return made[0]


def case_tag_remove(*, case_id, actor, tag):
    """Remove a tag; False when the case did not have it."""
    if not CaseTag.objects.filter(case_id=case_id, tag=tag).exists():
        return False

    def apply(case):
        CaseTag.objects.filter(case=case, tag=tag).delete()

    engine.perform(CASE, case_id, "untag", actor, apply=apply, data={"tag": tag})
    return True
