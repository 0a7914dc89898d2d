"""The form of the center accounts screens (governance.views.accounts): one form for a new account
and an edit, the password required only for a new one."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from governance import roles
from governance.models import Department, Workstation
from governance.rules import accounts as rules
from governance.services.accounts import AccountData

# The service's field names that the form names otherwise.
SERVICE_FIELDS = {"password": "password1"}


class UnitChoiceField(forms.ModelChoiceField):
    """A department or workstation; named with its center's short name when several centers show."""

    def __init__(self, *args, with_center=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.with_center = with_center

    def label_from_instance(self, obj):
        return f"{obj.center.short_name}·{obj.name}" if self.with_center else obj.name


class AccountForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Used to log in. Letters, digits and @/./+/-/_ only; it must differ from every other account's, whatever the letter case."),
    )
    name = forms.CharField(label=_("Full name"), max_length=150)
    center = forms.ModelChoiceField(label=_("Center"), queryset=None)
    role = forms.ChoiceField(label=_("Role"))
    department = UnitChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False, help_text=_("Only for a department officer.")
    )
    workstation = UnitChoiceField(
        label=_("Workstation"), queryset=Workstation.objects.none(), required=False, help_text=_("Only for a workstation information officer.")
    )
    title = forms.CharField(label=_("Job title"), max_length=40, required=False)
    mobile = forms.CharField(label=_("Mobile phone"), max_length=20, required=False)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password confirmation"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Enter the same password as before, for verification."),
    )

    def __init__(self, *args, centers, grantable, account=None, own=False, **kwargs):
        """`centers`: where the manager places accounts (one: the field is left out); `grantable`:
        the role codes they may grant; `account`: the user edited (None: a new one); `own`: the
        manager's own account (role and center kept)."""
        super().__init__(*args, **kwargs)
        self.account = account
        self.grantable = grantable
        many = centers.count() > 1
        self.fields["center"].queryset = centers
        if not many:
            self.fixed_center = centers.first()
            del self.fields["center"]
        self.fields["role"].choices = [("", ""), *((code, roles.ROLES[code][0]) for code in grantable)]
        for name, model in (("department", Department), ("workstation", Workstation)):
            field = self.fields[name]
            field.queryset = model.objects.filter(center__in=centers, is_active=True).select_related("center").order_by("center__name", "name")
            field.with_center = many
        if account is not None:
            self.fields["password1"].required = self.fields["password2"].required = False
            self.fields["password1"].help_text = _("Leave both password fields empty to keep the current password.")
        if own:
            for name in ("center", "role"):
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Your own role and center are changed by another director or the system administrator.")

    def clean(self):
        """The checks that need no database, at once with the fields' own (the service repeats
        them, with those that do, before it writes)."""
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if (first or second) and first != second:
            self.add_error("password2", _("The two password fields didn’t match."))
        elif first:
            candidate = self.account or get_user_model()(username=data.get("username", ""), first_name=data.get("name", ""))
            try:
                password_validation.validate_password(first, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        if data.get("role"):
            for field, message in rules.placement_errors(self._placement(data), self.grantable).items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, message)
        return data

    def _center(self, data):
        return data.get("center") if "center" in self.fields else self.fixed_center

    def _placement(self, data):
        units = {name: rules.Unit(unit.pk, unit.center_id) for name in ("department", "workstation") if (unit := data.get(name)) is not None}
        center = self._center(data)
        return rules.Placement(data["role"], center.pk if center else None, units.get("department"), units.get("workstation"))

    def account_data(self):
        data = self.cleaned_data
        center = self._center(data)
        return AccountData(
            username=data["username"].strip(),
            name=data["name"].strip(),
            role=data["role"],
            center_id=center.pk if center else None,
            department_id=data["department"].pk if data.get("department") else None,
            workstation_id=data["workstation"].pk if data.get("workstation") else None,
            title=data["title"].strip(),
            mobile=data["mobile"].strip(),
            password=data.get("password1") or "",
        )

    def add_service_errors(self, error):
        """A service ValidationError on the fields it names (or on the form)."""
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.add_error(None, message)
            return
        for field, errors in error.error_dict.items():
            name = SERVICE_FIELDS.get(field, field)
            for message in errors:
                self.add_error(name if name in self.fields else None, message)

    @staticmethod
    def initial_of(user):
        """The edit form's initial values from an account."""
        from governance.selectors.accounts import held_roles

        profile = user.staff_profile
        codes = held_roles(user)
        return {
            "username": user.username,
            "name": user.first_name,
            "center": profile.center_id,
            "role": codes[0] if codes else "",
            "department": profile.department_id,
            "workstation": profile.workstation_id,
            "title": profile.title,
            "mobile": profile.mobile,
        }
