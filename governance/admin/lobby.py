"""Admin for lobby screens (layout composed of panels) and the reception queue set-up."""

from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdminGroup

from governance import live
from governance.admin.scoped import CenterScopedModelAdmin, ScopedCreateView, ScopedEditView
from governance.models import LobbyScreen, QueueService, ReceptionWindow


class _ScreenSavedMixin:
    def form_valid(self, form):
        response = super().form_valid(form)
        live.schedule_screen_changed(self.instance)
        return response


class ScreenCreateView(_ScreenSavedMixin, ScopedCreateView):
    pass


class ScreenEditView(_ScreenSavedMixin, ScopedEditView):
    pass


class LobbyScreenAdmin(CenterScopedModelAdmin):
    model = LobbyScreen
    menu_label = _("Lobby screens")
    menu_icon = "desktop"
    list_display = ("name", "center", "location", "size", "is_active", "screen_link")
    list_select_related = ("center",)
    create_view_class = ScreenCreateView
    edit_view_class = ScreenEditView

    def screen_link(self, obj):
        from django.urls import reverse
        from django.utils.html import format_html

        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', reverse("lobby_screen", args=[obj.slug]), _("Open / preview"))

    screen_link.short_description = _("screen")


class QueueServiceAdmin(CenterScopedModelAdmin):
    model = QueueService
    menu_label = _("Queue services")
    menu_icon = "tag"
    list_display = ("prefix", "name", "center", "is_active")
    list_select_related = ("center",)


class ReceptionWindowAdmin(CenterScopedModelAdmin):
    model = ReceptionWindow
    menu_label = _("Reception windows")
    menu_icon = "form"
    list_display = ("number", "center", "is_open")
    list_select_related = ("center",)


class LobbyGroup(ModelAdminGroup):
    menu_label = _("Lobby")
    menu_icon = "desktop"
    menu_order = 300
    items = (LobbyScreenAdmin, QueueServiceAdmin, ReceptionWindowAdmin)
