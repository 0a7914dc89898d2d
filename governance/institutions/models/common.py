"""Small shared records: the sweep's once-only marks."""

from django.db import models

from governance.models import Center


class Reminder(models.Model):
    """An automatic reminder, urge or escalation already sent: the sweep sends each one once."""

    wagtail_reference_index_ignore = True  # not content: keep Wagtail's reference index out of it

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(max_length=20)  # "notice", "task", "screening"
    object_id = models.PositiveBigIntegerField()
    level = models.CharField(max_length=20)  # "due_soon", "overdue", "escalated", "missed"
    due_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subject", "object_id", "level", "due_date"], name="institutions_reminder_once")]
