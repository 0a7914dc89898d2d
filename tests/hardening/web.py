"""Small HTTP and WebSocket clients for the stack tests: urllib with a cookie jar, CSRF-aware form
posts, and the lobby screen's protocol over `websockets` (sync client). Every call has a timeout."""

import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TIMEOUT = 15


@dataclass
class Reply:
    status: int
    url: str
    headers: dict
    text: str

    def header(self, name):
        return self.headers.get(name.lower())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One visitor: cookies kept, redirects not followed (the tests look at them)."""

    def __init__(self, base_url):
        self.base_url = base_url.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), urllib.request.ProxyHandler({}), _NoRedirect())

    def request(self, method, path, data=None, headers=None, timeout=TIMEOUT):
        url = path if path.startswith("http") else self.base_url + path
        body = urllib.parse.urlencode(data, doseq=True).encode() if isinstance(data, dict) else data
        request = urllib.request.Request(url, data=body, method=method, headers={"Referer": url, **(headers or {})})
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return Reply(
                    response.status,
                    response.geturl(),
                    {k.lower(): v for k, v in response.headers.items()},
                    response.read().decode("utf-8", "replace"),
                )
        except urllib.error.HTTPError as error:
            return Reply(error.code, url, {k.lower(): v for k, v in error.headers.items()}, error.read().decode("utf-8", "replace"))

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data, **kwargs):
        return self.request("POST", path, data=data, **kwargs)

    def log_in(self, username, password):
        page = self.get("/admin/login/")
        token = CSRF_INPUT.search(page.text).group(1)
        reply = self.post("/admin/login/", {"csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/admin/"})
        assert reply.status == 302 and reply.header("location").endswith("/admin/"), f"login failed: {reply.status} {reply.text[:300]}"
        return reply


def hidden_value(html, name):
    match = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', html) or re.search(rf'value="([^"]*)"[^>]*name="{re.escape(name)}"', html)
    return match.group(1) if match else ""


def first_option(html, select_name):
    block = re.search(rf'<select[^>]*name="{re.escape(select_name)}"[^>]*>(.*?)</select>', html, re.S)
    values = re.findall(r'<option value="([^"]+)"', block.group(1)) if block else []
    return values[0] if values else ""


def online_request_data(form_html, *, summary, name="测试访客", phone="13812345678"):
    """The fields a visitor fills in on the online request form (CSRF and form tokens included)."""
    return {
        "csrfmiddlewaretoken": CSRF_INPUT.search(form_html).group(1),
        "token": hidden_value(form_html, "token"),
        "request_type": "dispute",
        "category": first_option(form_html, "category"),
        "workstation": "",
        "summary": summary,
        "people_count": "1",
        "name": name,
        "phone": phone,
        "id_number": "",
        "address": "",
        "confirm": "on",
        "website": "",
    }


# --- the lobby screen ------------------------------------------------------------------------------


def ws_url(base_url, path):
    parts = urllib.parse.urlsplit(base_url)
    return f"ws://{parts.netloc}{path}"


def screen_connect(base_url, slug, timeout=TIMEOUT):
    """Open a screen's WebSocket as lobby.js does; returns (connection, first snapshot)."""
    from websockets.sync.client import connect

    # Entered by hand: the caller closes it (or the server does, which is what some tests expect).
    connection = connect(ws_url(base_url, f"/ws/lobby/{slug}/"), origin=base_url, open_timeout=timeout, close_timeout=2).__enter__()
    try:
        snapshot = json.loads(connection.recv(timeout=timeout))
    except BaseException:
        connection.close()
        raise
    return connection, snapshot
