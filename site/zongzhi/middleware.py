"""Small project middleware."""

from django.conf import settings
from django.views.decorators.csp import csp_override


class AdminFramesSameOrigin:
    """Pages are never framed (X_FRAME_OPTIONS = "DENY"), except the admin by itself: Wagtail
    shows page and snippet previews in a same-origin iframe. Placed after Django's
    XFrameOptionsMiddleware in MIDDLEWARE, so it sees the response first and that middleware keeps
    the header it finds. The admin also gets its own Content-Security-Policy (ZONGZHI_ADMIN_CSP):
    Wagtail's admin needs inline styles that our public pages and lobby screens never use."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = getattr(settings, "ZONGZHI_ADMIN_PREFIX", "/admin/")

    def __call__(self, request):
        if not request.path.startswith(self.prefix):
            return self.get_response(request)
        # Django's per-view CSP override (public API), applied to everything below this middleware.
        admin_csp = dict(getattr(settings, "ZONGZHI_ADMIN_CSP", settings.SECURE_CSP))
        response = csp_override(admin_csp)(self.get_response)(request)
        if "X-Frame-Options" not in response:
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response
