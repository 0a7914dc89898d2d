from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static as static_url
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from governance import urls as governance_urls
from zongzhi.api import api_router
from zongzhi.health import healthz


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; our pages link the SVG icon."""
    return HttpResponsePermanentRedirect(static_url("img/favicon.svg"))


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("", include(governance_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static as media_patterns

    urlpatterns += media_patterns(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving last: it catches everything else.
urlpatterns += [path("", include(wagtail_urls))]
