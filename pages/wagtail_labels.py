"""Column labels Wagtail makes from field names (`Column("port")` → "Port"), which no catalogue
translates. templates/wagtailadmin/tables/column_header.html translates every column label at render
time; these are listed here so that makemessages keeps their Chinese in locale/."""

from django.utils.translation import gettext_noop

COLUMN_LABELS = (
    gettext_noop("Port"),  # Sites list
    gettext_noop("Site name"),
    gettext_noop("Root page"),
)
