"""The production profile for the one-machine scaled stack (deploy/stack.py) on plain HTTP.

Everything of `zongzhi.settings.production` (PostgreSQL, Redis, DEBUG off, collected static files,
required secrets) except the three settings that only make sense behind TLS: the stack listens on
127.0.0.1 without a certificate, where HTTPS redirects and Secure-only cookies would lock every
client out. A real deployment terminates TLS at nginx (deploy/nginx/zongzhi.conf) and uses
`zongzhi.settings.production` itself, which `manage.py check --deploy` passes.
"""

from zongzhi.settings.production import *  # noqa: F401,F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
