"""Each user's own notification outbox."""

from django.contrib import admin
from django.contrib.admin import SimpleListFilter
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


class KindFilter(SimpleListFilter):
    """The kinds of the user's own notifications, by their Chinese names."""

    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        kinds = Notification.objects.filter(recipient=request.user).order_by("kind").values_list("kind", flat=True).distinct()
        return [(kind, Notification.kind_label(kind)) for kind in kinds]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class NotificationAdmin(ModelAdmin):
    model = Notification
    menu_label = _("My notifications")
    menu_icon = "mail"
    menu_order = 150
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_class = NotificationInspectView
    history_view_enabled = False
    list_display = ("title", "kind_label", "case", "created_at", "read_at")
    list_filter = (KindFilter,)
    # The outbox's own bookkeeping is not typed by hand (the superuser alone may add a notification).
    form_fields_exclude = ("center", "read_at", "emailed_at", "sms_sent_at")
    inspect_view_fields = ("title", "kind", "case", "body", "created_at", "read_at", "emailed_at", "sms_sent_at")
    search_fields = ("title", "body")
    list_select_related = ("case",)

    def get_queryset(self, request):
        return Notification.objects.filter(recipient=request.user)

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, obj):
        return obj.get_kind_display()
