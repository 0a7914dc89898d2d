"""Special-work tags (专项工作): a case may belong to community correction, resettlement of released
prisoners, key youth, drug control or floating-population work. Tags and a filter only; the
registers themselves are later work."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.models import Case


class SpecialWork(models.TextChoices):
    COMMUNITY_CORRECTION = "community_correction", _("Community correction")
    RELEASED_PRISONERS = "released_prisoners", _("Resettlement of released prisoners")
    KEY_YOUTH = "key_youth", _("Key youth")
    DRUGS = "drugs", _("Drug control")
    FLOATING_POPULATION = "floating_population", _("Floating population")


class CaseTag(models.Model):
    wagtail_reference_index_ignore = True  # not content: keep Wagtail's reference index out of it

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="special_work_tags")
    tag = models.CharField(_("special work"), max_length=25, choices=SpecialWork.choices, db_index=True)
    tagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("tagged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("special-work tag")
        verbose_name_plural = _("special-work tags")
        ordering = ["case", "tag"]
        constraints = [models.UniqueConstraint(fields=["case", "tag"], name="casetag_unique")]

    def __str__(self):
        return f"{self.case} · {self.get_tag_display()}"
