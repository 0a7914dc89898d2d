"""governance.admin.reference: a reference entry's code is generated, never typed or shown."""

import pytest
from django.urls import reverse

from governance.models import ReferenceItem, ReferenceKind
from governance.models.reference import new_reference_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def director(center, make_user):
    return make_user("director", center)


def test_generated_codes_name_the_owner_and_differ():
    assert new_reference_code(7).startswith("c7-")
    assert new_reference_code().startswith("county-")
    assert len({new_reference_code(7) for _ in range(50)}) == 50


def test_the_add_form_has_no_code_and_the_new_entry_gets_one(client, director, center):
    client.force_login(director)
    create = reverse("governance_referenceitem_modeladmin_create")

    form = client.get(create)
    response = client.post(create, {"kind": ReferenceKind.SOURCE, "name": "网格员上报", "center": center.pk, "sort_order": 5, "is_active": "on"})

    assert 'name="code"' not in form.content.decode()
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = ReferenceItem.objects.get(name="网格员上报")
    assert entry.code.startswith(f"c{center.pk}-")


def test_editing_keeps_the_existing_code(client, director, center):
    entry = ReferenceItem.objects.create(kind=ReferenceKind.SOURCE, code="walk_in_local", name="来访", center=center)
    client.force_login(director)
    edit = reverse("governance_referenceitem_modeladmin_edit", kwargs={"instance_pk": entry.pk})

    response = client.post(edit, {"kind": ReferenceKind.SOURCE, "name": "群众来访", "center": center.pk, "sort_order": 0, "is_active": "on"})

    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.name, entry.code) == ("群众来访", "walk_in_local")


def test_the_list_shows_no_codes_and_yes_no_in_chinese(client, director, center):
    ReferenceItem.objects.create(kind=ReferenceKind.SOURCE, code="walk_in_local", name="来访", center=center)
    client.force_login(director)

    page = client.get(reverse("governance_referenceitem_modeladmin_index")).content.decode()

    assert "来访" in page
    assert "walk_in_local" not in page
    assert 'alt="True"' not in page and ">是<" in page.replace(" ", "").replace("\n", "")
