"""templates/wagtailadmin, templates/wagtailforms: Wagtail's templates the project overrides to say in
Chinese what Wagtail hard-codes in English (or shows as codes)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.test import RequestFactory

from pages.models import OnlineRequestPage


class _Column:
    classname = ""


@pytest.mark.django_db
def test_the_forms_list_names_the_page_type_without_its_code():
    html = render_to_string(
        "wagtailforms/content_type_column.html", {"value": ContentType.objects.get_for_model(OnlineRequestPage), "url": "/x/", "column": _Column()}
    )

    assert "pages.onlinerequestpage" not in html
    assert str(OnlineRequestPage._meta.verbose_name) in html


@pytest.mark.parametrize(("value", "text"), [(True, "是"), (False, "否"), (None, "未知")])
def test_yes_no_cells_read_in_chinese(value, text):
    html = render_to_string("wagtailadmin/tables/boolean_cell.html", {"value": value, "column": _Column()})

    assert text in html
    assert str(value) not in html


def test_a_page_published_by_no_user_reads_system():
    assert "系统" in render_to_string("wagtailadmin/shared/user_avatar.html", {"user": None, "username": ""})
    assert "None" not in render_to_string("wagtailadmin/shared/user_avatar.html", {"user": None, "username": ""})


def test_the_header_actions_are_labelled_in_chinese():
    assert 'aria-label="操作"' in render_to_string("wagtailadmin/shared/headers/_actions.html", {"actions": ""})


@pytest.mark.django_db
def test_the_dashboard_search_button_is_chinese(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("tpl-admin", "tpl@example.com", "pw"))

    html = client.get("/admin/").content.decode()

    assert 'value="Search"' not in html
    assert 'value="搜索"' in html


def test_column_labels_made_from_field_names_are_translated():
    column = type("Column", (), {"classname": "", "label": "Port", "sort_key": "port"})()

    html = render_to_string("wagtailadmin/tables/column_header.html", {"column": column, "is_orderable": False})
    sortable = render_to_string(
        "wagtailadmin/tables/column_header.html",
        {"column": column, "is_orderable": True, "is_ascending": False, "is_descending": False, "table": None, "request": RequestFactory().get("/")},
    )

    assert "端口" in html and "Port" not in html
    assert "端口" in sortable and "Port" not in sortable  # the sort title too


@pytest.mark.django_db
def test_the_sites_list_reads_in_chinese(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("tpl-sites", "sites@example.com", "pw"))

    html = client.get("/admin/sites/").content.decode()

    for label in ("端口", "站点名称", "根页面"):
        assert label in html
    assert ">Port<" not in html.replace(" ", "").replace("\n", "")
