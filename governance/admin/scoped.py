"""A ModelAdmin base for center-owned records: lists, forms and object URLs keep to the user's center."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Q
from django.http import Http404
from django.utils.translation import gettext as _
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import CreateView, DeleteView, EditView, HistoryView, InspectView

from governance import scoping


class ModelPermissionHelper(PermissionHelper):
    """Opens a model's screens on its own add/change/delete/view permissions only. wagtail-modeladmin
    counts every permission stored on the model, so a custom one that merely lives there (the
    situation analysis' `view_situation` on InstitutionSettings) opened the settings' list and history."""

    CRUD = ("add", "change", "delete", "view")

    def user_has_any_permissions(self, user):
        return any(self.user_has_specific_permission(user, self.get_perm_codename(action)) for action in self.CRUD)


def label_with_center(field):
    """Departments, villages and other center-owned choices named with their center ("示范镇·综治办"),
    for users who see several centers: each center has its own 综治办. The list filters say the same."""
    field.queryset = field.queryset.select_related("center")
    field.label_from_instance = lambda obj: f"{obj.center.short_name}·{obj}" if obj.center_id else str(obj)


class _InstanceInScopeMixin:
    """Object URLs (edit/inspect/delete) answer 404 for records outside the user's scope."""

    def dispatch(self, request, *args, **kwargs):
        if not self.model_admin.get_queryset(request).filter(pk=self.instance.pk).exists():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class _CenterChoicesMixin:
    """Foreign keys in the form offer only the user's centers and their units."""

    def get_form(self):
        form = super().get_form()
        self.model_admin.limit_form_choices(form, self.request.user)
        return form


class ScopedCreateView(_CenterChoicesMixin, CreateView):
    pass


class ScopedEditView(_InstanceInScopeMixin, _CenterChoicesMixin, EditView):
    pass


def yes_no(value):
    """是/否 for a yes/no field (Django's admin would show an icon whose alt text reads "True")."""
    return _("Yes") if value else _("No")


class YesNoInspectMixin:
    def get_field_display_value(self, field_name, field=None):
        value = super().get_field_display_value(field_name, field)
        return yes_no(value) if isinstance(value, bool) else value


class YesNoListMixin:
    """Yes/no columns of a list read 是/否: each BooleanField of list_display becomes a column of text."""

    def get_list_display(self, request):
        return tuple(self._yes_no_column(name) for name in super().get_list_display(request))

    def _yes_no_column(self, name):
        field = next((f for f in self.model._meta.concrete_fields if f.name == name), None) if isinstance(name, str) else None
        if not isinstance(field, BooleanField):
            return name
        column_name = f"{name}_yes_no"
        if not hasattr(self, column_name):

            @admin.display(description=field.verbose_name, ordering=name)
            def column(obj):
                return yes_no(getattr(obj, name))

            setattr(self, column_name, column)
        return column_name


class ScopedInspectView(_InstanceInScopeMixin, YesNoInspectMixin, InspectView):
    pass


class ScopedDeleteView(_InstanceInScopeMixin, DeleteView):
    pass


class PermittedHistoryView(HistoryView):
    """A record's change history: only for users with some permission on the model (wagtail-modeladmin's
    own history view checks none, so a website editor could read any record's history)."""

    def dispatch(self, request, *args, **kwargs):
        if not self.model_admin.permission_helper.user_has_any_permissions(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedHistoryView(_InstanceInScopeMixin, PermittedHistoryView):
    """…and only of records in the user's scope."""


class CenterScopedModelAdmin(YesNoListMixin, ModelAdmin):
    center_field = "center"
    permission_helper_class = ModelPermissionHelper
    create_view_class = ScopedCreateView
    edit_view_class = ScopedEditView
    inspect_view_class = ScopedInspectView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView

    def get_queryset(self, request):
        return scoping.scope_to_user(super().get_queryset(request), request.user, self.center_field)

    def limit_form_choices(self, form, user):
        centers = scoping.visible_centers(user)
        several = scoping.sees_all_centers(user) and centers.count() > 1
        for field in form.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            model = queryset.model
            if model is get_user_model():
                if not scoping.sees_all_centers(user):
                    # Staff of the user's own center, or accounts not yet placed anywhere.
                    field.queryset = queryset.filter(Q(staff_profile__center__in=centers) | Q(staff_profile__isnull=True), is_superuser=False)
            elif model is centers.model:
                field.queryset = centers
                if centers.count() == 1:
                    field.initial = centers.first().pk
            elif any(f.name == "center" for f in model._meta.get_fields()):
                field.queryset = queryset.filter(center__in=centers)
                if several:
                    label_with_center(field)
