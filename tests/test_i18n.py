"""The UI is Simplified Chinese whatever the browser asks for, and the catalogues are complete and compiled.

Catalogues: locale/ holds the project's own strings (English msgids), locale_vendor/ the Chinese for
strings Wagtail and django-import-export leave untranslated (see locale_vendor/update_vendor_po.py).
"""

import gettext
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
# Words an English admin would show; none may appear in what the user sees.
ENGLISH_WORDS = ["Dashboard", "Pages", "Search", "Log out", "Welcome", "Sign in", "Password", "Username", "Add"]
CATALOGUE_DIRS = [Path(p) / "zh_Hans" / "LC_MESSAGES" for p in settings.LOCALE_PATHS]
PROJECT_PO = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


# --- Helpers ---------------------------------------------------------------------------------------


class _VisibleText(HTMLParser):
    """Text nodes outside <script>/<style>/<template>, plus attributes a user sees or hears."""

    SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
    HIDDEN_TAGS = {"script", "style", "template"}

    def __init__(self):
        super().__init__()
        self.hidden_depth = 0
        self.parts = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN_TAGS:
            self.hidden_depth += 1
        self._in_title = tag == "title"
        self.parts += [value for name, value in attrs if name in self.SHOWN_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in self.HIDDEN_TAGS:
            self.hidden_depth -= 1
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if not self.hidden_depth and data.strip():
            self.parts.append(data.strip())


def visible(html):
    parser = _VisibleText()
    parser.feed(html)
    return parser.title.strip(), "\n".join(parser.parts)


def sidebar_labels(html):
    """The menu labels the React sidebar renders (they travel as JSON, not as HTML text)."""
    match = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    assert match, "the admin sidebar props are missing"
    labels = []

    def walk(node):
        if isinstance(node, dict):
            labels.extend(v for k, v in node.items() if k == "label" and isinstance(v, str))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(match.group(1)))
    return labels


def english_words_in(text):
    return [word for word in ENGLISH_WORDS if re.search(rf"\b{re.escape(word)}\b", text)]


def table_headers(html):
    cells = re.findall(r"<th\b[^>]*>(.*?)</th>", html, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip() for cell in cells]


def read_po(path):
    """A tiny PO parser: one dict per entry with ctx, id, plural, strs {index: text}, fuzzy."""
    entries, entry, field = [], None, None
    for line in Path(path).read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line or line.startswith("#~"):
            if entry is not None and not line.startswith("#~"):
                entries.append(entry)
                entry = None
            continue
        if entry is None:
            entry = {"ctx": None, "id": None, "plural": None, "strs": {}, "fuzzy": False}
        if line.startswith("#,"):
            entry["fuzzy"] |= "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = _unquote(line)
            if field[0] == "strs":
                entry["strs"][field[1]] += value
            else:
                entry[field[0]] += value
        else:
            keyword, _, rest = line.partition(" ")
            value = _unquote(rest)
            if keyword == "msgctxt":
                entry["ctx"], field = value, ("ctx",)
            elif keyword == "msgid":
                entry["id"], field = value, ("id",)
            elif keyword == "msgid_plural":
                entry["plural"], field = value, ("plural",)
            else:  # msgstr or msgstr[n]
                index = int(keyword[7:-1]) if "[" in keyword else 0
                entry["strs"][index], field = value, ("strs", index)
    return [e for e in entries if e["id"] is not None]


def _unquote(text):
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), text.strip()[1:-1])


def expected_catalogue(po_path):
    """What msgfmt would compile: translated, non-fuzzy entries, keyed as Python's gettext keys them."""
    catalogue = {}
    for e in read_po(po_path):
        if not e["id"] or e["fuzzy"] or not all(e["strs"].values()):
            continue
        msgid = e["id"] if e["ctx"] is None else f"{e['ctx']}\x04{e['id']}"
        if e["plural"] is None:
            catalogue[msgid] = e["strs"][0]
        else:
            catalogue.update({(msgid, index): text for index, text in e["strs"].items()})
    return catalogue


# --- (a) The admin is Chinese for an English-speaking browser -------------------------------------


@pytest.mark.django_db
def test_login_page_is_chinese_for_an_english_browser(client):
    response = client.get("/admin/login/", **ENGLISH_BROWSER)

    assert response.status_code == 200
    html = response.content.decode()
    title, text = visible(html)
    assert 'lang="zh-hans"' in html
    assert title == "登录 - 综治中心工作平台"
    for chinese in ("登录综治中心工作平台", "用户名", "密码", "记住我"):
        assert chinese in text
    assert english_words_in(text) == [], text


@pytest.mark.django_db
def test_dashboard_is_chinese_for_an_english_browser(client, django_user_model):
    user = django_user_model.objects.create_superuser("i18n-admin", "i18n@example.com", "i18n-password")
    client.force_login(user)

    response = client.get("/admin/", **ENGLISH_BROWSER)

    assert response.status_code == 200
    html = response.content.decode()
    title, text = visible(html)
    assert title == "控制面板 - 综治中心工作平台"
    assert "Wagtail" not in title
    assert "网站摘要" in text  # the site summary panel
    labels = sidebar_labels(html)
    for chinese in ("页面", "图片", "文档", "设置", "用户", "帮助", "帐号", "注销", "组织机构", "综治中心"):
        assert chinese in labels
    assert english_words_in(text) == [], text
    assert english_words_in("\n".join(labels)) == [], labels


@pytest.mark.django_db
def test_admin_javascript_catalogue_includes_the_vendor_translations(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("i18n-js", "js@example.com", "pw"))

    response = client.get("/admin/jsi18n/", **ENGLISH_BROWSER)

    assert response.status_code == 200
    body = response.content.decode()
    # The catalogue is JSON inside JavaScript: non-ASCII characters arrive as \uXXXX escapes.
    for chinese in ("正在自动保存…", "插入区块"):  # Wagtail leaves "Autosave in progress…" etc. untranslated
        assert json.dumps(chinese) in body


# --- (b) The governance modeladmin lists have Chinese headers --------------------------------------


@pytest.fixture
def organisation(db, django_user_model):
    from governance.models import Center, Department, StaffProfile, Workstation

    center = Center.objects.create(name="测试镇综治中心", short_name="测试镇", slug="ceshi", phone="0000-1")
    department = Department.objects.create(center=center, name="司法所", role="lead")
    workstation = Workstation.objects.create(center=center, name="东村", kind="village")
    clerk = django_user_model.objects.create_user("i18n-clerk", password="pw")
    StaffProfile.objects.create(user=clerk, center=center, department=department, workstation=workstation)
    return center


@pytest.mark.parametrize(
    ("url", "heading", "headers", "cell"),
    [
        ("/admin/governance/center/", "综治中心", ["中心名称", "简称", "值班电话", "监督电话", "启用"], "测试镇"),
        ("/admin/governance/department/", "成员部门", ["部门名称", "所属中心", "角色", "联系电话", "启用"], "牵头单位"),
        ("/admin/governance/workstation/", "工作站（村、社区）", ["村（社区）名称", "所属中心", "类型", "联络员"], "行政村"),
        ("/admin/governance/staffprofile/", "人员归属", ["用户", "所属中心", "部门", "工作站", "职务"], "i18n-clerk"),
    ],
)
def test_modeladmin_lists_have_chinese_headers(client, django_user_model, organisation, url, heading, headers, cell):
    client.force_login(django_user_model.objects.create_superuser("i18n-boss", "boss@example.com", "pw"))

    response = client.get(url, **ENGLISH_BROWSER)

    assert response.status_code == 200
    html = response.content.decode()
    title, text = visible(html)
    assert title == f"{heading} - 综治中心工作平台"
    shown = table_headers(html)
    for header in headers:
        assert header in shown, shown
    assert not [h for h in shown if re.fullmatch(r"[A-Za-z][A-Za-z ]*", h)], shown
    assert cell in text
    assert english_words_in(text) == [], text


# --- (c) Every project msgid is translated ----------------------------------------------------------


@pytest.mark.parametrize("po_path", [d / name for d in CATALOGUE_DIRS for name in ("django.po", "djangojs.po") if (d / name).exists()], ids=str)
def test_every_msgid_has_a_chinese_msgstr(po_path):
    entries = [e for e in read_po(po_path) if e["id"]]
    assert entries, f"{po_path} is empty"
    missing = [e["id"] for e in entries if e["fuzzy"] or not e["strs"] or not all(e["strs"].values())]
    assert missing == [], f"untranslated or fuzzy in {po_path}: {missing}; run `make messages` after translating"


def test_project_catalogue_is_the_makemessages_one():
    """The project's catalogue exists where makemessages writes it and declares Chinese plurals."""
    header = read_po(PROJECT_PO)[0]
    assert header["id"] == ""
    assert "Plural-Forms: nplurals=1; plural=0;" in header["strs"][0]
    assert [str(p) for p in settings.LOCALE_PATHS][:2] == [
        str(Path(settings.BASE_DIR) / "locale"),
        str(Path(settings.BASE_DIR) / "locale_vendor"),
    ]


# --- (d) The committed .mo files match their .po ----------------------------------------------------


@pytest.mark.parametrize("po_path", [d / name for d in CATALOGUE_DIRS for name in ("django.po", "djangojs.po") if (d / name).exists()], ids=str)
def test_compiled_catalogue_matches_its_po(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `make messages`"
    with open(mo_path, "rb") as handle:
        compiled = dict(gettext.GNUTranslations(handle)._catalog)
    compiled.pop("", None)  # the header

    expected = expected_catalogue(po_path)

    stale = sorted(str(k) for k in expected.keys() ^ compiled.keys())
    assert stale == [], f"{mo_path} is out of date with its .po (run `make messages`): {stale[:10]}"
    changed = sorted(str(k) for k in expected if expected[k] != compiled[k])
    assert changed == [], f"{mo_path} is out of date with its .po (run `make messages`): {changed[:10]}"
