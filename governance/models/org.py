"""The organisation: centers, their member departments, workstations and staff membership."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models


class Center(models.Model):
    """A township governance center (乡镇综治中心). Every record in the system belongs to one."""

    name = models.CharField("中心名称", max_length=80, unique=True)
    short_name = models.CharField(
        "简称", max_length=20, unique=True, help_text="用于案件编号，如“示范镇”生成“示范镇综治〔2026〕0001号”。"
    )
    slug = models.SlugField(
        "网址标识",
        max_length=40,
        unique=True,
        validators=[RegexValidator(r"^[a-z0-9-]+$", "只能使用小写字母、数字和连字符。")],
    )
    address = models.CharField("地址", max_length=200, blank=True)
    office_hours = models.CharField("办公时间", max_length=100, blank=True)
    phone = models.CharField("值班电话", max_length=40, blank=True)
    supervision_phone = models.CharField("监督电话", max_length=40, blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "综治中心"
        verbose_name_plural = "综治中心"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Department(models.Model):
    """A department seated in a center (公安、司法所、信访办…); lead units head a routed case."""

    class Role(models.TextChoices):
        LEAD = "lead", "牵头单位"
        MEMBER = "member", "成员单位"

    center = models.ForeignKey(Center, verbose_name="所属中心", on_delete=models.PROTECT, related_name="departments")
    name = models.CharField("部门名称", max_length=60)
    role = models.CharField("角色", max_length=10, choices=Role.choices, default=Role.MEMBER)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "成员部门"
        verbose_name_plural = "成员部门"
        ordering = ["center", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["center", "name"], name="department_unique_name_per_center")]

    def __str__(self):
        return self.name


class Workstation(models.Model):
    """A village or community workstation (农村社区综治维稳工作站)."""

    class Kind(models.TextChoices):
        VILLAGE = "village", "行政村"
        COMMUNITY = "community", "社区"

    center = models.ForeignKey(Center, verbose_name="所属中心", on_delete=models.PROTECT, related_name="workstations")
    name = models.CharField("村（社区）名称", max_length=60)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.VILLAGE)
    contact_person = models.CharField("联络员", max_length=30, blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "工作站"
        verbose_name_plural = "工作站（村、社区）"
        ordering = ["center", "name"]
        constraints = [models.UniqueConstraint(fields=["center", "name"], name="workstation_unique_name_per_center")]

    def __str__(self):
        return self.name


class StaffProfile(models.Model):
    """Where a user works: one center (or none, for the county level), maybe a department or workstation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="staff_profile"
    )
    center = models.ForeignKey(
        Center,
        verbose_name="所属中心",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text="留空表示县级用户：可查看所有中心，用于督导与考核。",
    )
    department = models.ForeignKey(
        Department, verbose_name="所属部门", on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    workstation = models.ForeignKey(
        Workstation, verbose_name="所属工作站", on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    title = models.CharField("职务", max_length=40, blank=True)

    class Meta:
        verbose_name = "人员归属"
        verbose_name_plural = "人员归属"

    def __str__(self):
        return f"{self.user.get_username()}（{self.center or '县级'}）"

    @property
    def is_county_level(self):
        return self.center_id is None

    def clean(self):
        """Department and workstation must sit in the profile's own center."""
        errors = {}
        for field in ("department", "workstation"):
            unit = getattr(self, field)
            if unit is not None and unit.center_id != self.center_id:
                errors[field] = f"{unit} 不属于所选中心。"
        if errors:
            raise ValidationError(errors)
