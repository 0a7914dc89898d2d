"""Public, non-page URLs of governance (lobby screens and online services join here)."""

urlpatterns = []
