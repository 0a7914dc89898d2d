"""zongzhi.middleware.AdminFramesSameOrigin: the admin's own CSP (Django's csp_override) and framing."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_admin_gets_its_own_policy_and_may_frame_itself(settings):
    response = Client().get("/admin/login/")

    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" in csp.split("style-src")[1].split(";")[0]
    assert "frame-ancestors 'self'" in csp
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_the_admin_policy_follows_the_setting(settings):
    settings.ZONGZHI_ADMIN_CSP = {**settings.SECURE_CSP, "img-src": ["'self'", "https://tiles.example.cn"]}

    csp = Client().get("/admin/login/")["Content-Security-Policy"]

    assert "img-src 'self' https://tiles.example.cn" in csp


def test_other_paths_keep_the_site_policy():
    response = Client().get("/healthz")

    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
