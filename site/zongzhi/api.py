"""Wagtail's headless API v2: public pages, images and documents only.

Its absolute links (`detail_url`, `html_url`, a document's `download_url`, the find view's redirect)
come from the host the client asked (zongzhi.public_urls), not from the Site record or a fixed
base URL: Wagtail's own fields would say `http://localhost/…` whatever host and port the portal
runs on. WAGTAILAPI_BASE_URL, when it is configured, still wins (as in Wagtail).
"""

from django.conf import settings
from django.shortcuts import redirect
from rest_framework.fields import Field, SkipField
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.serializers import DocumentSerializer
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.serializers import ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet

from zongzhi import public_urls


def _absolute(request, path):
    configured = getattr(settings, "WAGTAILAPI_BASE_URL", None)
    if configured and path and not str(path).startswith(("http://", "https://")):
        return public_urls.origin(configured) + str(path)
    return public_urls.absolute(request, path)


def _page_url(request, page):
    configured = getattr(settings, "WAGTAILAPI_BASE_URL", None)
    if configured:
        parts = page.get_url_parts(request)
        return public_urls.origin(configured) + parts[2] if parts and parts[2] is not None else None
    return public_urls.page_url(page, request)


class DetailUrlField(Field):
    """`detail_url` on the request's host."""

    def get_attribute(self, instance):
        path = self.context["router"].get_object_detail_urlpath(type(instance), instance.pk)
        if not path:
            raise SkipField  # no endpoint for this type: no field, as in Wagtail
        return _absolute(self.context["request"], path)

    def to_representation(self, url):
        return url


class PageHtmlUrlField(Field):
    """`html_url` on the request's host."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return _page_url(self.context["request"], page)


class DocumentDownloadUrlField(Field):
    def get_attribute(self, instance):
        return instance

    def to_representation(self, document):
        return _absolute(self.context["request"], document.url)


class _RelatedPageField(wagtail_serializers.PageParentField):
    """The parent (or the page an alias copies) with the same links as the page itself."""

    def to_representation(self, value):
        serializer_class = wagtail_serializers.get_serializer_class(
            value.__class__,
            ["id", "type", "detail_url", "html_url", "title"],
            meta_fields=["type", "detail_url", "html_url"],
            base=PageSerializer,
        )
        return serializer_class(context=self.context).to_representation(value)


class _AliasOfField(_RelatedPageField):
    def get_attribute(self, instance):
        return instance.alias_of


class PageSerializer(wagtail_serializers.PageSerializer):
    detail_url = DetailUrlField(read_only=True)
    html_url = PageHtmlUrlField(read_only=True)
    parent = _RelatedPageField(read_only=True)
    alias_of = _AliasOfField(read_only=True)


class ImageURLSerializer(ImageSerializer):
    detail_url = DetailUrlField(read_only=True)


class DocumentURLSerializer(DocumentSerializer):
    detail_url = DetailUrlField(read_only=True)
    download_url = DocumentDownloadUrlField(read_only=True)


class _FindRedirectMixin:
    def find_view(self, request):
        # Wagtail redirects to the detail URL on its configured base; answer on the request's host.
        response = super().find_view(request)
        if response.status_code in (301, 302) and response.get("Location"):
            from urllib.parse import urlsplit

            location = urlsplit(response["Location"])
            path = location.path + (f"?{location.query}" if location.query else "")
            return redirect(_absolute(request, path))
        return response


class Pages(_FindRedirectMixin, PagesAPIViewSet):
    base_serializer_class = PageSerializer


class Images(_FindRedirectMixin, ImagesAPIViewSet):
    base_serializer_class = ImageURLSerializer


class Documents(_FindRedirectMixin, DocumentsAPIViewSet):
    base_serializer_class = DocumentURLSerializer


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", Pages)
api_router.register_endpoint("images", Images)
api_router.register_endpoint("documents", Documents)
