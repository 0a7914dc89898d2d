"""Absolute links to the portal, as the reader reaches it.

Wagtail builds absolute URLs from the Site record (`localhost`, port 80 in the demo) or from
WAGTAILAPI_BASE_URL; behind another host or port those links lead nowhere. Here the base is, in
order: ZONGZHI_PUBLIC_BASE_URL when configured (documents printed by a back office that users reach
under another name), else the host and scheme of the request itself (`request.get_host()` and
`request.scheme`, so USE_X_FORWARDED_HOST and SECURE_PROXY_SSL_HEADER apply when a proxy is
trusted), else WAGTAILADMIN_BASE_URL for code that has no request.
"""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site


def origin(url):
    parts = urlsplit(str(url))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def base_url(request=None):
    """scheme://host[:port] for links in pages, documents and the API answers to `request`."""
    configured = origin(getattr(settings, "ZONGZHI_PUBLIC_BASE_URL", None) or "")
    if configured:
        return configured
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return origin(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "") or ""


def absolute(request, path):
    """`path` (or an already absolute URL, returned as it is) on the public base."""
    if path is None or str(path).startswith(("http://", "https://")):
        return path
    return base_url(request) + str(path)


def page_url(page, request=None):
    """A page's absolute URL: on the request's own site, from the request's host (or the configured
    base); a page of another Wagtail site keeps that site's root URL. None for an unroutable page."""
    parts = page.get_url_parts(request)
    if parts is None:
        return None
    site_id, root_url, page_path = parts
    if page_path is None:
        return None
    current = Site.find_for_request(request) if request is not None else None
    if current is not None and current.pk != site_id:
        return (root_url or "") + page_path
    return base_url(request) + page_path
