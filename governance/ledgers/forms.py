"""The upload and export forms: import-export's own forms, with the registers as their resources."""

from django import forms
from django.utils.translation import gettext_lazy as _
from import_export.forms import ExportForm, ImportForm

from governance import scoping
from governance.ledgers.reading import EXPORT_FORMATS, IMPORT_FORMATS
from governance.models import Center


class _RegisterChoice:
    """What import-export's forms expect of a resource: a display name."""

    def __init__(self, register):
        self.register = register

    def get_display_name(self):
        return str(self.register.label)


class LedgerImportForm(ImportForm):
    """File, register (resource) and format. The format may be left to detection: the file's first
    bytes tell xlsx, xls and csv apart, whatever its name says."""

    center = forms.ModelChoiceField(label=_("Center"), queryset=Center.objects.none(), required=False)

    def __init__(self, registers, user, data=None, files=None, **kwargs):
        super().__init__(list(IMPORT_FORMATS), [_RegisterChoice(r) for r in registers], data=data, files=files, **kwargs)
        self.registers = registers
        self.fields["import_file"].label = _("Ledger file (xlsx, xls or csv)")
        self.fields["import_file"].widget.attrs["accept"] = ".xlsx,.xls,.csv"
        self.fields["resource"].label = _("Register")
        self.fields["format"].required = False
        self.fields["format"].label = _("Format")
        self.fields["format"].choices = [("", _("Detect from the file"))] + [(str(i), f().get_title()) for i, f in enumerate(IMPORT_FORMATS)]
        if scoping.sees_all_centers(user):
            self.fields["center"].queryset = Center.objects.filter(is_active=True)
            self.fields["center"].required = True
            self.fields["center"].help_text = _("County-level users choose the center the ledger belongs to.")
        else:
            del self.fields["center"]

    @property
    def media(self):
        return forms.Media()  # no jQuery format guessing in the Wagtail admin: detection is server-side


class LedgerExportForm(ExportForm):
    month = forms.CharField(
        label=_("Month"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text=_("Optional. Exports the cases received in that month, with a title row for the center and month."),
    )
    center = forms.ModelChoiceField(label=_("Center"), queryset=Center.objects.none(), required=False, empty_label=_("All centers"))

    def __init__(self, registers, user, data=None, **kwargs):
        super().__init__(list(EXPORT_FORMATS), [_RegisterChoice(r) for r in registers], data=data, **kwargs)
        self.fields["format"].label = _("Format")
        self.fields["format"].choices = [(str(i), f().get_title()) for i, f in enumerate(EXPORT_FORMATS)]
        self.fields["format"].initial = "0"
        self.fields["resource"].label = _("Register")
        if len(registers) == 1:
            self.fields["month"].help_text = registers[0].source.month_help  # what "in that month" means for its records
        if scoping.sees_all_centers(user):
            self.fields["center"].queryset = Center.objects.all()
        else:
            del self.fields["center"]

    @property
    def media(self):
        return forms.Media()

    def selected_format(self):
        index = int(self.cleaned_data.get("format") or 0)
        return EXPORT_FORMATS[index]().get_extension()
