"""Each user's own notification outbox."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin

from governance.admin.scoped import ScopedInspectView
from governance.models import Notification


class NotificationInspectView(ScopedInspectView):
    """Opening a notification marks it read."""

    def get(self, request, *args, **kwargs):
        if self.instance.read_at is None:
            Notification.objects.filter(pk=self.instance.pk, recipient=request.user).update(read_at=timezone.now())
        return super().get(request, *args, **kwargs)


class NotificationAdmin(ModelAdmin):
    model = Notification
    menu_label = _("My notifications")
    menu_icon = "mail"
    menu_order = 150
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_class = NotificationInspectView
    history_view_enabled = False
    list_display = ("title", "kind", "case", "created_at", "read_at")
    list_filter = ("kind",)
    search_fields = ("title", "body")
    list_select_related = ("case",)

    def get_queryset(self, request):
        return Notification.objects.filter(recipient=request.user)
