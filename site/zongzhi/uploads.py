"""Uploads: no active content, bounded sizes.

- Images: only raster formats (WAGTAILIMAGES_EXTENSIONS has no svg), and `ImageForm` (the base of
  every Wagtail image form, WAGTAILIMAGES_IMAGE_FORM_BASE) refuses files whose bytes are SVG or
  HTML whatever their name says.
- Documents: an extension allow-list (WAGTAILDOCS_EXTENSIONS), the same content check in
  `DocumentForm` (WAGTAILDOCS_DOCUMENT_FORM_BASE), WAGTAILDOCS_MAX_UPLOAD_SIZE, and every document
  served by Django as an attachment (WAGTAILDOCS_INLINE_CONTENT_TYPES = []) with Wagtail's
  `Content-Security-Policy: default-src 'none'` and `X-Content-Type-Options: nosniff`.
- Every request: `RequestSizeLimitMiddleware` answers 413 to a declared body larger than
  ZONGZHI_MAX_REQUEST_BYTES before anything reads it (nginx's client_max_body_size does the same
  in front of a scaled deployment).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

SNIFF_BYTES = 2048
# Markup that a browser would run or render when opened from our origin.
ACTIVE_MARKERS = (b"<svg", b"<!doctype html", b"<html", b"<script", b"<iframe", b"<object", b"<embed")


def looks_active(head):
    """Whether the first bytes of a file are SVG or HTML (after any BOM and whitespace)."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip().lower()
    if text.startswith(b"<?xml"):
        return b"<svg" in text or b"<html" in text or b"xhtml" in text
    return text.startswith(ACTIVE_MARKERS)


def refuse_active_content(uploaded):
    """Validator: refuse SVG and HTML uploads, whatever their file name or declared type."""
    if uploaded is None or not hasattr(uploaded, "read"):
        return
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    try:
        uploaded.seek(0)
        head = uploaded.read(SNIFF_BYTES)
    finally:
        uploaded.seek(position)
    if isinstance(head, str):
        head = head.encode("utf-8", "replace")
    if looks_active(head):
        raise ValidationError(_("SVG and HTML files cannot be uploaded: they can carry scripts. Upload a PNG, JPEG or PDF instead."))


class _RefuseActiveContent:
    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded is not None and uploaded is not getattr(self, "original_file", None):
            refuse_active_content(uploaded)
        return uploaded


class ImageForm(_RefuseActiveContent, BaseImageForm):
    """Base of Wagtail's image forms (WAGTAILIMAGES_IMAGE_FORM_BASE)."""


class DocumentForm(_RefuseActiveContent, BaseDocumentForm):
    """Base of Wagtail's document forms (WAGTAILDOCS_DOCUMENT_FORM_BASE)."""


class RequestSizeLimitMiddleware:
    """413 for a request whose declared body is larger than ZONGZHI_MAX_REQUEST_BYTES."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.limit = int(getattr(settings, "ZONGZHI_MAX_REQUEST_BYTES", 0) or 0)

    def __call__(self, request):
        if self.limit:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > self.limit:
                response = HttpResponse(
                    _("The upload is too large (at most %(mb)d MB).") % {"mb": self.limit // (1024 * 1024)},
                    status=413,
                    content_type="text/plain; charset=utf-8",
                )
                response["Connection"] = "close"
                return response
        return self.get_response(request)
