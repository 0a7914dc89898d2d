"""django-import-export resources for the registers: one Field per column, with widgets that read
cells the way real ledgers are filled (parsing.py) and write them back the same way.

Import does not go through import-export's row-at-a-time `import_data` (one ledger row becomes a
case, its parties, its audit row and maybe a follow-up, under one counter lock; see services.py):
it uses these fields and widgets to clean each cell, and the widgets' Chinese errors become the
preview's problems. Export renders each cell through the same widgets.
"""

from __future__ import annotations

from collections import OrderedDict

from import_export import fields, resources, widgets

from governance.ledgers import messages as msg
from governance.ledgers import parsing
from governance.ledgers.registers import STATUS_ALIASES, STATUS_TEXT, Register
from governance.models import Case

LIST_SEPARATOR = "、"
ADDRESS_SEPARATOR = "；"


class CellError(ValueError):
    """A cell that fails cleaning; the message is Chinese. `unknown` is the name that matched no
    entry (the preview offers to map it)."""

    def __init__(self, message, unknown=""):
        super().__init__(message)
        self.unknown = unknown


def _limit(text, limit):
    if limit and len(text) > limit:
        raise CellError(msg.TOO_LONG.format(length=len(text), limit=limit))
    return text


class TextWidget(widgets.CharWidget):
    def __init__(self, max_length=None):
        super().__init__(coerce_to_string=True, allow_blank=True)
        self.max_length = max_length

    def clean(self, value, row=None, **kwargs):
        return _limit(parsing.cell_text(value), self.max_length)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class CodeWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        text = parsing.fold_width(parsing.cell_text(value)).strip()
        if len(text) > self.max_length:
            raise CellError(msg.CODE_TOO_LONG.format(limit=self.max_length))
        return text


class LedgerDateWidget(widgets.DateWidget):
    """Every date form of parsing.parse_date; rendered as a date (xlsx) or ISO text (csv)."""

    def clean(self, value, row=None, **kwargs):
        try:
            return parsing.parse_date(value)
        except parsing.ParseError as exc:
            raise CellError(str(exc)) from None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else value.isoformat()


class DeadlineWidget(LedgerDateWidget):
    """A deadline: a date, or a time limit in days counted from the date received ("30日")."""

    def clean(self, value, row=None, **kwargs):
        duration = parsing.parse_duration(value)
        if duration is not None:
            return duration
        try:
            return parsing.parse_date(value)
        except parsing.ParseError as exc:
            if isinstance(value, str) and not parsing._DATE_TEXT.fullmatch(parsing.fold_width(value.strip())):
                raise CellError(msg.DEADLINE_UNRECOGNISED.format(value=parsing.cell_text(value))) from None
            raise CellError(str(exc)) from None


class CountWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return parsing.parse_count(value)
        except parsing.ParseError as exc:
            raise CellError(str(exc)) from None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else str(value)


class YesNoWidget(widgets.BooleanWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return parsing.parse_yes_no(value)
        except parsing.ParseError as exc:
            raise CellError(str(exc)) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else ("是" if value else "否")


class ListWidget(widgets.SimpleArrayWidget):
    """Several parties' values in one cell, in the same order as the names."""

    def __init__(self, addresses=False):
        super().__init__(separator=ADDRESS_SEPARATOR if addresses else LIST_SEPARATOR)
        self.addresses = addresses

    def clean(self, value, row=None, **kwargs):
        return ["" if parsing.is_placeholder(item) else item for item in parsing.split_list(value, addresses=self.addresses)]

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        values = list(value)
        while values and not values[-1]:
            values.pop()
        return self.separator.join(values)


def _name_keys(name):
    """The spellings of a reference name accepted on import: "邻里纠纷" also as "邻里"."""
    key = parsing.normalise_header(name)
    keys = {key}
    for suffix in ("纠纷", "隐患", "类"):
        if key.endswith(suffix) and len(key) > len(suffix) + 1:
            keys.add(key[: -len(suffix)])
        else:
            keys.add(key + suffix)
    return keys


class NameLookupWidget(widgets.ForeignKeyWidget):
    """A related record by its name among a fixed set (loaded once: no query per row)."""

    def __init__(self, items, unknown_message, what="", aliases=None):
        super().__init__(model=None, field="name", key_is_id=True)
        self.unknown_message, self.what = unknown_message, what
        self.choices = [name for _pk, name, _code in items]
        self.by_key = {}
        ambiguous = set()
        for pk, name, code in items:
            for key in (*_name_keys(name), *([parsing.normalise_header(code)] if code else [])):
                if key in self.by_key and self.by_key[key] != pk:
                    ambiguous.add(key)
                self.by_key.setdefault(key, pk)
        exact = {parsing.normalise_header(name): pk for pk, name, _code in items}
        for key in ambiguous:
            self.by_key.pop(key, None)
        self.by_key.update(exact)  # an exact name always wins
        for alias, target in (aliases or {}).items():  # a former name, unless an entry has it now
            if alias not in exact and parsing.normalise_header(target) in exact:
                self.by_key[alias] = exact[parsing.normalise_header(target)]

    def lookup(self, text):
        pk = self.by_key.get(parsing.normalise_header(text))
        if pk is None:
            raise CellError(self.unknown_message.format(what=self.what, value=text, choices="、".join(self.choices)), unknown=text)
        return pk

    def clean(self, value, row=None, **kwargs):
        text = parsing.cell_text(value)
        return self.lookup(text) if text else None

    def render(self, value, obj=None, **kwargs):
        return value or ""


class NameListWidget(NameLookupWidget):
    """Departments: the lead first, then the cooperating ones ("司法所、派出所")."""

    def __init__(self, items, unknown_message, prefix="", aliases=None):
        super().__init__(items, unknown_message, aliases=aliases)
        self.prefix = prefix

    def clean(self, value, row=None, **kwargs):
        ids = []
        for name in parsing.split_list(value):
            if not name or parsing.is_placeholder(name):
                continue
            if self.prefix and name.startswith(self.prefix) and len(name) > len(self.prefix):
                name = name[len(self.prefix) :]
            pk = self.lookup(name)
            if pk not in ids:
                ids.append(pk)
        return ids

    def render(self, value, obj=None, **kwargs):
        return LIST_SEPARATOR.join(value) if value else ""


class ChoiceWidget(widgets.Widget):
    def __init__(self, texts, aliases, unknown_message):
        super().__init__()
        self.texts = texts
        self.by_text = {parsing.normalise_header(text): key for key, text in texts.items()}
        self.by_text.update({parsing.normalise_header(text): key for text, key in aliases.items()})
        self.by_text.update({key: key for key in texts})
        self.unknown_message = unknown_message

    def clean(self, value, row=None, **kwargs):
        text = parsing.cell_text(value)
        if not text:
            return None
        key = self.by_text.get(parsing.normalise_header(text))
        if key is None:
            raise CellError(self.unknown_message.format(value=text, choices="、".join(self.texts.values())))
        return key

    def render(self, value, obj=None, **kwargs):
        return self.texts.get(value, "") if value else ""


class FollowUpWidget(widgets.Widget):
    """回访情况: the result, read from free text ("电话回访，当事人满意"), and the text itself."""

    def clean(self, value, row=None, **kwargs):
        text = parsing.cell_text(value)
        if not text:
            return None
        if "不满意" in text or "未化解" in text or "没有化解" in text:
            result = "not_resolved"
        elif "部分" in text or "基本满意" in text:
            result = "partly"
        elif "满意" in text or "已化解" in text:
            result = "satisfied"
        else:
            raise CellError(msg.UNKNOWN_FOLLOW_UP.format(value=text))
        return result, text

    def render(self, value, obj=None, **kwargs):
        return value or ""


def reference_items(kind, center_id):
    """(pk, name, code) of the active entries of a reference list that a center may use."""
    from django.db.models import Q

    from governance.models import ReferenceItem

    return list(
        ReferenceItem.objects.filter(Q(center__isnull=True) | Q(center_id=center_id), kind=kind, is_active=True)
        .order_by("sort_order", "name")
        .values_list("pk", "name", "code")
    )


# A column's kind (registers.Column.kind) → its widget, for the registers whose records are not cases.
KIND_WIDGETS = {"date": LedgerDateWidget, "count": CountWidget, "yesno": YesNoWidget, "text": TextWidget}


def _aliases(accessor, center):
    from governance.ledgers.aliases import ALIAS_KIND_OF, aliases_for

    kind = ALIAS_KIND_OF.get(accessor)
    return aliases_for(kind, center.pk) if kind and center is not None else {}


# accessor → a function (center or None) → widget. Lookups load their reference data once.
def widget_for(accessor, center=None, kind=""):
    from governance.models import Department, ReferenceKind, Workstation

    if kind:
        return KIND_WIDGETS[kind]()
    center_id = center.pk if center is not None else None
    if accessor in ("received_on", "resolved_on", "fed_back_on"):
        return LedgerDateWidget()
    if accessor == "due_date":
        return DeadlineWidget()
    if accessor in ("people_count", "row_number"):
        return CountWidget()
    if accessor in ("resolved_flag", "is_private"):
        return YesNoWidget()
    if accessor == "code":
        return CodeWidget(max_length=Case._meta.get_field("code").max_length)
    if accessor in ("party_names", "party_phones", "party_id_numbers"):
        return ListWidget()
    if accessor == "party_addresses":
        return ListWidget(addresses=True)
    if accessor == "status":
        return ChoiceWidget(STATUS_TEXT, STATUS_ALIASES, msg.UNKNOWN_STATUS)
    if accessor == "follow_up":
        return FollowUpWidget()
    kinds = {
        "source": (ReferenceKind.SOURCE, "来源"),
        "category": (ReferenceKind.CATEGORY, "类别"),
        "petition_kind": (ReferenceKind.PETITION_KIND, "信访类型"),
        "outcome": (ReferenceKind.OUTCOME, "结果类别"),
    }
    if accessor in kinds:
        kind, what = kinds[accessor]
        items = reference_items(kind, center_id) if center is not None else []
        return NameLookupWidget(items, msg.UNKNOWN_REFERENCE, what, aliases=_aliases(accessor, center))
    if accessor == "departments":
        items = list(Department.objects.filter(center_id=center_id).values_list("pk", "name", "name")) if center else []
        return NameListWidget(
            [(pk, name, "") for pk, name, _n in items],
            msg.UNKNOWN_DEPARTMENT,
            center.short_name if center else "",
            aliases=_aliases(accessor, center),
        )
    if accessor == "workstation":
        items = list(Workstation.objects.filter(center_id=center_id).values_list("pk", "name")) if center else []
        return NameLookupWidget([(pk, name, "") for pk, name in items], msg.UNKNOWN_WORKSTATION, aliases=_aliases(accessor, center))
    limits = {
        "summary": None,
        "place": Case._meta.get_field("place").max_length,
        "responsible_person": Case._meta.get_field("responsible_person").max_length,
    }
    return TextWidget(max_length=limits.get(accessor))


class LedgerResource(resources.Resource):
    """A register's columns as import-export fields, bound to a center for the name lookups."""

    def __init__(self, register: Register, center=None, with_center=False, **kwargs):
        super().__init__(**kwargs)
        self.register = register
        self.unknown = {}  # (accessor, name) → the lines of the names that matched nothing (the mapping step)
        self.line = 0  # the line being cleaned (set by the importer)
        self.columns = register.export_columns(with_center=with_center)
        self.fields = OrderedDict(
            (
                column.accessor,
                fields.Field(attribute=column.accessor, column_name=column.header, widget=widget_for(column.accessor, center, column.kind)),
            )
            for column in self.columns
        )

    @classmethod
    def get_display_name(cls):
        return cls.__name__

    def get_export_order(self):
        return tuple(self.fields)

    def get_export_headers(self, selected_fields=None):
        return [column.header for column in self.columns]

    def clean_cells(self, raw):
        """{accessor: raw cell} → ({accessor: value}, {accessor: Chinese message})."""
        values, errors = {}, {}
        for accessor, value in raw.items():
            field = self.fields.get(accessor)
            if field is None:
                continue
            if parsing.is_placeholder(value):
                value = None
            try:
                values[accessor] = field.clean({field.column_name: value})
            except CellError as exc:
                errors[accessor] = str(exc)
                if exc.unknown:
                    self.unknown.setdefault((accessor, exc.unknown), []).append(self.line)
        return values, errors

    def render_cells(self, record, native=False):
        """A record (accessor → display value) as the row of cells to write."""
        return [field.export(record, force_native_type=native) for field in self.fields.values()]
