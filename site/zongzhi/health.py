"""Liveness probe for the reverse proxy and process supervisors.

Deliberately bare: no database, no cache, no template. It answers as long as the worker can run a
Django view through the whole middleware stack, and it is the baseline of
tests/benchmarks/bench_public_pages.py.
"""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
