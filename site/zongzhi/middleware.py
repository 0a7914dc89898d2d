"""Small project middleware."""

from django.conf import settings


class AdminFramesSameOrigin:
    """Pages are never framed (X_FRAME_OPTIONS = "DENY"), except the admin by itself: Wagtail
    shows page and snippet previews in a same-origin iframe. Placed after Django's
    XFrameOptionsMiddleware in MIDDLEWARE, so it sees the response first and that middleware keeps
    the header it finds."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = getattr(settings, "ZONGZHI_ADMIN_PREFIX", "/admin/")

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.prefix) and "X-Frame-Options" not in response:
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response
