"""Ledger jobs (an import or export with its stored file and progress) and the import row index.

The registers themselves are views over the cases (registers.py): nothing here copies case data.
Files live in the default storage, so any worker process sees the upload it previews or commits.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.models import Case, Center


class ImportStatus(models.TextChoices):
    PREVIEW_PENDING = "preview_pending", _("Waiting to be checked")
    PREVIEWING = "previewing", _("Being checked")
    PREVIEWED = "previewed", _("Checked")
    COMMIT_PENDING = "commit_pending", _("Waiting to be imported")
    COMMITTING = "committing", _("Being imported")
    COMMITTED = "committed", _("Imported")
    FAILED = "failed", _("Failed")


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """One uploaded ledger file: its dry-run preview, then (once confirmed) its import."""

    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="+")
    register = models.CharField(_("register"), max_length=30)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.SET_NULL, null=True, related_name="+")
    file = models.FileField(_("file"), upload_to="ledgers/imports/%Y/%m/", max_length=255)
    original_name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PREVIEW_PENDING)
    # The dry run's findings: counts, the first problems, notes and a sample (see importing.py).
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    problems_file = models.FileField(upload_to="ledgers/problems/%Y/%m/", max_length=255, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ledger import")
        verbose_name_plural = _("ledger imports")
        ordering = ["-created_at", "-pk"]
        permissions = [("import_ledger", _("Can import historical ledgers"))]

    def __str__(self):
        return self.original_name

    @property
    def is_valid(self):
        return self.status == ImportStatus.PREVIEWED and not self.preview.get("problem_count")


class ExportJob(models.Model):
    """A large ledger export prepared in the background; small ones are answered at once."""

    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    register = models.CharField(_("register"), max_length=30)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.SET_NULL, null=True, related_name="+")
    # The case-list filters and ledger options (month, center, format) as they were requested.
    params = models.JSONField(default=dict, blank=True)
    file_format = models.CharField(_("format"), max_length=10)
    status = models.CharField(_("status"), max_length=20, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    file = models.FileField(upload_to="ledgers/exports/%Y/%m/", max_length=255, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    rows = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ledger export")
        verbose_name_plural = _("ledger exports")
        ordering = ["-created_at", "-pk"]
        permissions = [("export_ledger", _("Can export ledgers and monthly closings"))]

    def __str__(self):
        return self.file_name or self.register


class ImportedRow(models.Model):
    """Which case a ledger row without a case code became: re-importing the row finds it here."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(max_length=64)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    job = models.ForeignKey(ImportJob, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["center", "fingerprint"], name="ledger_row_unique_fingerprint")]


class AliasKind(models.TextChoices):
    DEPARTMENT = "department", _("Department")
    CATEGORY = "category", _("Category")
    OUTCOME = "outcome", _("Outcome")
    SOURCE = "source", _("Source")
    WORKSTATION = "workstation", _("Village / community")
    PETITION_KIND = "petition_kind", _("Petition kind")


class ImportAlias(models.Model):
    """Another name a ledger uses for a department or a reference entry ("国土所" for 自然资源所),
    read on import as that entry. County-wide when it has no center; a center's own alias wins."""

    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=AliasKind.choices)
    alias = models.CharField(_("name in the ledger"), max_length=100)
    target = models.CharField(_("means"), max_length=100, help_text=_("The current name of the department or entry."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("import alias")
        verbose_name_plural = _("import aliases")
        constraints = [models.UniqueConstraint(fields=["center", "kind", "alias"], name="ledger_alias_unique")]

    def __str__(self):
        return f"{self.alias} → {self.target}"
