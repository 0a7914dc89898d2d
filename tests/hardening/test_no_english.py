"""No English on any admin screen: every admin page each demo role can reach, crawled.

For each demo role (one user per role, in 示范镇 when the role belongs to a center) the crawl starts
at /admin/ and follows the links a user can follow: the sidebar menu (it travels as JSON), every
<a href> inside /admin/ (list pages, the first row's edit/inspect/history pages, filters, tabs) and
every GET form's action. It requests one page per URL pattern (the resolved view name) per role: the
first link met for a pattern stands for all of them. Wagtail's own screens and a record's delete and
history pages read the same for every role, so the module requests each once, for the first role
that reaches it. That keeps the crawl to about 380 requests. Downloads (CSV, Excel, PDF) are skipped.

What counts as visible: text nodes outside <script>/<style>/<template>/<noscript> and outside
elements marked `hidden`, the text of <option>s, the attributes a user sees or hears (title,
placeholder, aria-label, alt, a button's value) and the sidebar's labels. Screen-reader-only text
counts: it is heard. Text inside an element marked `data-verbatim` is recorded data shown as it was
written (the audit trail's details), not prose, and is not read.

Any run of two or more Latin letters must be on ALLOWED (formats, proper names) or be part of a URL,
an e-mail address, a demo username, center slug or case query code, or a code shown as a code (a
case code, a generated vocabulary code, an audit action's code before its Chinese name). A failure lists
the page, the word and the text around it.

The demo county is loaded once for the module and rolled back after it; the requests are GETs.
"""

import json
import re
import time
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from governance.demo import read_demo_data
from governance.models import Case
from pages.wagtail_defaults import rename_wagtail_defaults

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"
# One demo user per role, the center's users from 示范镇.
ROLE_USERS = {
    "superuser": "admin",
    "county": "county",
    "director": "shifan_director",
    "staff": "shifan_staff",
    "reception": "shifan_reception",
    "department": "shifan_police",
    "workstation": "shifan_dongcun",
    "editor": "shifan_editor",
}
# Pages that end the session, change something on GET in Wagtail, or are not screens.
SKIPPED_PATHS = re.compile(r"^/admin/(logout/|jsi18n/|login/)|/(preview|preview_on_add|preview_on_edit)/|/workflow/(enable|disable)/")
SKIPPED_VIEWS = re.compile(r"(^|:)(export|pdf|download|serve|delete_multiple|chooser|autocomplete|preview)", re.I)

# Latin words a Chinese user may see: formats, codes and proper names.
ALLOWED = {
    # file formats and technical acronyms shown as such
    "PDF", "Excel", "xlsx", "xls", "csv", "CSV", "XLSX", "JSON", "json", "API", "ID", "URL", "HTML", "PNG", "JPG",
    "JPEG", "GIF", "SVG", "WebP", "WEBP", "webp", "png", "jpg", "jpeg", "gif", "svg", "pdf", "docx", "doc", "txt", "zip",
    "KB", "MB", "GB", "px", "IP", "QR", "SMS", "UTC", "UTF", "GBK", "Redis", "PostgreSQL", "SQLite",
    # proper names
    "Wagtail", "Django", "Markdown", "Chromium", "WeChat", "localhost",
    # units and time
    "AM", "PM",
}  # fmt: skip
# Per screen (URL pattern → words): Wagtail's page types report has a column that exists to show
# content type codes (pages.noticepage); an editor's screen.
SCREEN_EXEMPTIONS = {
    "wagtailadmin_reports:page_types_usage": "dotted codes",
    "wagtailadmin_reports:page_types_usage_results": "dotted codes",
}
DOTTED_CODE = re.compile(r"^[a-z_]+\.[a-z_]+$")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z]+")
# Whole tokens that are shown as codes, addresses or identifiers.
CODE_LIKE = [
    r"https?://\S+|www\.\S+|/[\w/.\-?=&%#]+",  # URLs and paths
    r"[\w.+-]+@[\w-]+(\.[\w-]+)+",  # e-mail addresses
    r"\b[A-Z]{1,6}(-[A-Za-z0-9]+)+\b",  # codes: SF-2026-0001, XC-…
    r"\b[a-z]+(-[a-z0-9]+)+\b",  # slugs and generated vocabulary codes: c1-3f2a…
    r"\b(?=[A-Z0-9]*[0-9])[A-Z0-9]{6,}\b",  # query codes: UJ2CBHQW
    r"\b[a-z_.]+(?= · )",  # the audit trail names an action by its code, then its name: "login · 登录"
    r"\b[\w-]+\.(pdf|xlsx|xls|csv|png|jpe?g|gif|svg|webp|docx?|txt|zip)\b",  # file names
]
# ASCII: a Chinese character next to a code is a word boundary.
CODE_LIKE = [re.compile(pattern, re.ASCII | re.IGNORECASE if "pdf" in pattern else re.ASCII) for pattern in CODE_LIKE]


class _Page(HTMLParser):
    """The visible text of a page (with the line of each part) and the links a user can follow."""

    SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
    HIDDEN_TAGS = {"script", "style", "template", "noscript"}

    VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden_depth = 0
        self.verbatim = []  # [tag, depth] of the open element whose text is not read: data-verbatim or hidden
        self.parts = []
        self.links = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.verbatim and tag == self.verbatim[0] and tag not in self.VOID_TAGS:
            self.verbatim[1] += 1
        elif not self.verbatim and ("data-verbatim" in attributes or "hidden" in attributes) and tag not in self.VOID_TAGS:
            self.verbatim = [tag, 1]
        if tag in self.HIDDEN_TAGS:
            self.hidden_depth += 1
            return
        if self.hidden_depth or self.verbatim:
            if tag == "a" and attributes.get("href"):
                self.links.append(attributes["href"])
            return
        self.parts += [value for name, value in attrs if name in self.SHOWN_ATTRIBUTES and value]
        if tag in ("input", "button") and attributes.get("type") in ("submit", "button") and attributes.get("value"):
            self.parts.append(attributes["value"])
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag == "form" and (attributes.get("method") or "get").lower() == "get" and attributes.get("action"):
            self.links.append(attributes["action"])

    def handle_endtag(self, tag):
        if tag in self.HIDDEN_TAGS and self.hidden_depth:
            self.hidden_depth -= 1
        if self.verbatim and tag == self.verbatim[0]:
            self.verbatim[1] -= 1
            if not self.verbatim[1]:
                self.verbatim = []

    def handle_data(self, data):
        if not self.hidden_depth and not self.verbatim and data.strip():
            self.parts.append(data.strip())


def _sidebar(html):
    """The sidebar's labels and links (the React sidebar gets them as JSON)."""
    match = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    labels, urls = [], []
    if not match:
        return labels, urls

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "label" and isinstance(value, str):
                    labels.append(value)
                elif key == "url" and isinstance(value, str):
                    urls.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(match.group(1)))
    return labels, urls


def english_words(text, usernames=frozenset()):
    """The Latin words of `text` that are neither allowed nor inside a code, URL or e-mail address."""
    for pattern in CODE_LIKE:
        text = pattern.sub(" ", text)
    for token in set(re.findall(r"[A-Za-z0-9_.]+", text)) & usernames:
        text = re.sub(rf"(?<![A-Za-z0-9_]){re.escape(token)}(?![A-Za-z0-9_])", " ", text)
    return [word for word in LATIN_WORD.findall(text) if word not in ALLOWED]


def _snippet(text, word):
    index = text.find(word)
    return re.sub(r"\s+", " ", text[max(0, index - 40) : index + len(word) + 40])


PROJECT_APPS = ("governance", "institutions", "ledgers", "pages", "prevention", "warnings", "zongzhi")


def _view_name(path):
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


ONCE_PER_MODULE = re.compile(r"(_|:)(delete|history)$")


def _once_per_module(path, view):
    """A screen whose words are the same for every role, crawled once per module, for the first role
    that reaches it: Wagtail's own (users, images, sites, workflows, reports…) and a record's delete
    confirmation and change history."""
    if ONCE_PER_MODULE.search(view):
        return True
    return resolve(path).func.__module__.startswith("wagtail.") and not any(app in view for app in PROJECT_APPS)


def crawl(client, names, shared_seen, max_pages=120):
    """The admin pages the client's user reaches, one per URL pattern: ({url: [(word, snippet)]}, pages)."""
    queue, seen_views, seen_urls, findings, pages = [ADMIN], set(), set(), {}, 0
    while queue and pages < max_pages:
        url = queue.pop(0)
        path = urlsplit(url).path
        view = _view_name(path)
        if view is None or view in seen_views or view in shared_seen or url in seen_urls:
            continue
        seen_views.add(view)
        seen_urls.add(url)
        if url != ADMIN and _once_per_module(path, view):
            shared_seen.add(view)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        html = response.content.decode()
        parser = _Page()
        parser.feed(html)
        labels, menu_urls = _sidebar(html)
        exempt = SCREEN_EXEMPTIONS.get(view, set())
        for part in parser.parts + labels:
            if exempt == "dotted codes" and DOTTED_CODE.match(part):
                continue
            for word in english_words(part, names):
                if word not in exempt:
                    findings.setdefault(url, []).append((word, _snippet(part, word)))
        for link in menu_urls + parser.links:
            target = urljoin(url, link)
            parts = urlsplit(target)
            if parts.netloc and parts.netloc != "testserver":
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if not parts.path.startswith(ADMIN) or SKIPPED_PATHS.search(parts.path):
                continue
            target_view = _view_name(parts.path)
            if target_view and target_view not in seen_views and not SKIPPED_VIEWS.search(target_view):
                queue.append(target)
    return findings, pages


@pytest.fixture(scope="module")
def demo(_demo_county_load, django_db_blocker):
    # On the demo county shared with the other modules that need it (tests/demo_county.py).
    with django_db_blocker.unblock(), transaction.atomic():
        rename_wagtail_defaults()  # as post_migrate does on a real database (the tree may have been rebuilt)
        # The cases' query codes (letters only, now and then) are codes shown as codes.
        yield frozenset(Case.objects.values_list("query_code", flat=True))
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def names(demo):
    """The demo's usernames, center slugs and query codes: identifiers shown as such."""
    data = read_demo_data()
    users = data["county_users"] + [user for center in data["centers"] for user in center["users"]]
    return frozenset(user["username"] for user in users) | {center["slug"] for center in data["centers"]} | demo


@pytest.fixture(scope="module")
def shared_seen():
    return set()


def test_the_word_filter_keeps_codes_urls_and_addresses():
    text = "案件 SF-2026-0001 见 https://example.org/a?b=1 或 /admin/cases/ ，联系 li@example.com ，导出 Excel，文件 a.pdf，编码 c1-3f2a09"
    assert english_words(text) == []
    assert english_words("查询码 UJ2CBHQW；操作 case.accept · 受理；login · 登录") == []
    assert english_words("在线求助 (pages.onlinerequestpage)") == ["pages", "onlinerequestpage"]
    assert english_words("状态 reopen，Party 1：身份证号", {"shifan_staff"}) == ["reopen", "Party"]
    assert english_words("用户 shifan_staff", {"shifan_staff"}) == []


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_no_english_on_any_admin_page_the_role_reaches(demo, names, shared_seen, role):
    client = Client()
    client.force_login(get_user_model().objects.get(username=ROLE_USERS[role]))
    started = time.monotonic()

    findings, pages = crawl(client, names, shared_seen)

    print(f"{role}: {pages} pages in {time.monotonic() - started:.1f} s")
    assert pages > 0
    words = defaultdict(list)
    for url, found in findings.items():
        for word, snippet in found:
            words[url].append(f"{word!r} in “{snippet}”")
    report = "\n".join(f"{url}\n    " + "\n    ".join(dict.fromkeys(items)) for url, items in words.items())
    assert not findings, f"English words on the admin pages {role} ({ROLE_USERS[role]}) reaches:\n{report}"
