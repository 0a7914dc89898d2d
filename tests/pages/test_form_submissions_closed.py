"""Wagtail's form-submission screens are closed to everyone: online requests become cases, and no
user (the website editor who may edit the request page included) lists or deletes submissions."""

import pytest
from wagtail.contrib.forms.utils import get_forms_for_user

from tests.factories import make_staff

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["superuser", "editor"])
def test_no_user_is_offered_the_online_request_pages_form_submissions(client, site, center, admin_user, who):
    user = admin_user if who == "superuser" else make_staff("editor", center)
    client.force_login(user)
    page = site.request

    assert not get_forms_for_user(user).exists()
    assert client.get(f"/admin/forms/submissions/{page.pk}/").status_code in (302, 403)
    assert client.post(f"/admin/forms/submissions/{page.pk}/delete/").status_code in (302, 403)
    assert f"/admin/forms/submissions/{page.pk}/" not in client.get("/admin/forms/").content.decode()
