"""Uploads (zongzhi.uploads and the upload settings): no SVG or HTML in, documents out only as
attachments under a restrictive CSP, sizes capped."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form
from wagtail.models import Collection

pytestmark = pytest.mark.django_db

SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def png_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def pdf_bytes():
    return b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def image_form(name, content, content_type="image/png", user=None):
    Form = get_image_form(get_image_model())
    return Form(
        data={"title": name, "collection": Collection.get_first_root_node().pk},
        files={"file": SimpleUploadedFile(name, content, content_type=content_type)},
        user=user,
    )


def document_form(name, content, content_type="application/octet-stream", user=None):
    Form = get_document_form(get_document_model())
    return Form(
        data={"title": name, "collection": Collection.get_first_root_node().pk},
        files={"file": SimpleUploadedFile(name, content, content_type=content_type)},
        user=user,
    )


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("uploader", password="pw")


def test_a_png_image_is_accepted(editor):
    form = image_form("photo.png", png_bytes(), user=editor)
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("drawing.svg", SVG, "image/svg+xml"),  # SVG by name
        ("photo.png", SVG, "image/png"),  # SVG bytes behind an image name
        ("photo.jpg", HTML, "image/jpeg"),  # HTML bytes behind an image name
    ],
)
def test_svg_and_html_images_are_refused(editor, name, content, content_type):
    form = image_form(name, content, content_type, user=editor)
    assert not form.is_valid()
    assert "file" in form.errors


@pytest.mark.parametrize(
    "name, content",
    [
        ("logo.svg", SVG),  # not an allowed document type
        ("page.html", HTML),  # not an allowed document type
        ("report.pdf", HTML),  # HTML bytes behind an allowed name
        ("notes.txt", SVG),  # SVG bytes behind an allowed name
    ],
)
def test_active_documents_are_refused(editor, name, content):
    form = document_form(name, content, user=editor)
    assert not form.is_valid()
    assert "file" in form.errors


def test_an_office_document_is_accepted(editor):
    form = document_form("通知.pdf", pdf_bytes(), "application/pdf", user=editor)
    assert form.is_valid(), form.errors


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1024)
def test_documents_over_the_size_cap_are_refused(editor):
    form = document_form("big.pdf", pdf_bytes() + b" " * 2048, "application/pdf", user=editor)
    assert not form.is_valid()


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=64)
def test_images_over_the_size_cap_are_refused(editor):
    form = image_form("big.png", png_bytes() + b"\0" * 256, user=editor)
    assert not form.is_valid()


def test_documents_are_served_as_attachments_under_a_restrictive_csp(client, editor):
    form = document_form("通知.pdf", pdf_bytes(), "application/pdf", user=editor)
    assert form.is_valid(), form.errors
    document = form.save()
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.get("X-Zongzhi-Cache") is None  # documents never go through the page cache


def test_a_request_body_over_the_cap_is_refused_before_it_is_read(client, settings):
    settings.ZONGZHI_MAX_REQUEST_BYTES = 1000
    from zongzhi.uploads import RequestSizeLimitMiddleware

    middleware = RequestSizeLimitMiddleware(lambda request: pytest.fail("the body reached the view"))
    from django.test import RequestFactory

    request = RequestFactory().post("/admin/documents/multiple/add/", data=b"x" * 2000, content_type="application/octet-stream")
    response = middleware(request)
    assert response.status_code == 413


def test_the_upload_limits_are_configured():
    from django.conf import settings

    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    assert not {"svg", "html", "htm", "js", "xhtml", "xml"} & set(settings.WAGTAILDOCS_EXTENSIONS)
    assert settings.WAGTAILDOCS_INLINE_CONTENT_TYPES == []
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE <= 10 * 1024 * 1024
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE <= 20 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.ZONGZHI_MAX_REQUEST_BYTES <= 25 * 1024 * 1024
