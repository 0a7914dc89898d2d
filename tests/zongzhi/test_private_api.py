"""zongzhi.private_api: every private framework use still has the shape the code relies on, and
no private framework use in governance/, pages/ or site/ is missing from the list.

An upgrade that renames or reshapes a listed name fails test_the_private_api_still_has_the_shape_we_use
with the entry's key and site/zongzhi/private_api.py in the message. New code that reaches into a
framework's private API fails test_every_private_framework_use_is_registered until it moves to a
public API or is listed (with its why) in site/zongzhi/private_api.py.
"""

import ast
import importlib
import importlib.util
import inspect
import re
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils.functional import cached_property

from zongzhi import private_api

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = "site/zongzhi/private_api.py"
SCANNED = ("governance", "pages", "site")

# Where framework private names come from; also what counts as a framework import or base class.
FRAMEWORKS = ("django", "wagtail", "wagtail_modeladmin", "channels", "treebeard", "modelcluster", "asgiref", "taggit", "import_export")

# Framework names without an underscore that are private or undocumented all the same.
UNDOCUMENTED_ATTRIBUTES = {
    "run_on_commit",
    "in_atomic_block",
    "savepoint_ids",
    "atomic_blocks",
    "needs_rollback",
    "savepoint_state",
    "commit_on_exit",
}
UNDOCUMENTED_MODULE_ATTRIBUTES = {("transaction", "get_connection")}
UNDOCUMENTED_IMPORTS = {
    ("django.db.transaction", "get_connection"),
    ("django.http.request", "split_domain_port"),
    ("django.core.cache.backends.redis", "RedisCacheClient"),
    ("django.contrib.admin.options", "IncorrectLookupParameters"),
}


def broken(item, error):
    return (
        f"{item.target} no longer looks as {item.used_in[0]} expects (checked against {item.checked}; "
        f"installed: {installed_versions()}): see {REGISTRY}, entry {item.key!r}. Why it is used: {item.why} "
        f"Public alternative: {item.public_alternative or 'none known'}. Failure: {type(error).__name__}: {error}"
    )


@cache
def installed_versions():
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in private_api.CHECKED_AGAINST:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


# --- the shape of every entry ------------------------------------------------------------------------


def params(function):
    return list(inspect.signature(function).parameters)


def check_site_find_for_request(django_assert_num_queries):
    from wagtail.models import Site

    assert isinstance(inspect.getattr_static(Site, "_find_for_request"), staticmethod)
    assert params(Site._find_for_request) == ["request"]
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    assert site is not None, "the test database has a Wagtail site"
    request = RequestFactory().get("/", HTTP_HOST=f"{site.hostname}:{site.port}")
    assert Site._find_for_request(request) == site
    assert not hasattr(request, "_wagtail_site"), "the lookup itself caches nothing on the request"


def check_request_raw_host(django_assert_num_queries):
    assert params(HttpRequest._get_raw_host) == ["self"]
    request = RequestFactory().get("/", HTTP_HOST="not-an-allowed-host.example:8000")
    assert request._get_raw_host() == "not-an-allowed-host.example:8000"  # no ALLOWED_HOSTS check


def check_split_domain_port(django_assert_num_queries):
    from django.http.request import split_domain_port

    assert params(split_domain_port) == ["host"]
    assert split_domain_port("Example.CN:8000") == ("example.cn", "8000")
    assert split_domain_port("example.cn") == ("example.cn", "")


def check_request_wagtail_site(django_assert_num_queries):
    from wagtail.models import Site

    request = RequestFactory().get("/")
    marker = object()
    request._wagtail_site = marker
    with django_assert_num_queries(0):
        assert Site.find_for_request(request) is marker


def check_request_site_root_paths(django_assert_num_queries):
    from wagtail.models import Page

    request = RequestFactory().get("/")
    marker = object()
    request._wagtail_cached_site_root_paths = marker
    with django_assert_num_queries(0):
        assert Page()._get_site_root_paths(request) is marker


def check_request_csp_nonce(django_assert_num_queries):
    from django.middleware.csp import ContentSecurityPolicyMiddleware, get_nonce

    request = RequestFactory().get("/")
    ContentSecurityPolicyMiddleware(lambda request: HttpResponse()).process_request(request)
    nonce = request._csp_nonce
    assert not nonce, "false until the nonce is generated"
    assert str(nonce)
    assert nonce, "true once the nonce is generated"
    assert get_nonce(request) is nonce  # the public-looking alternative reads the same thing


def check_lazy_object_wrapped(django_assert_num_queries):
    from django.contrib.auth.middleware import AuthenticationMiddleware
    from django.utils.functional import SimpleLazyObject, empty

    lazy = SimpleLazyObject(lambda: "value")
    assert lazy._wrapped is empty
    assert str(lazy) == "value"
    assert lazy._wrapped == "value"
    request = RequestFactory().get("/")
    request.session = importlib.import_module(settings.SESSION_ENGINE).SessionStore()
    AuthenticationMiddleware(lambda request: HttpResponse()).process_request(request)
    assert isinstance(request.user, SimpleLazyObject) and request.user._wrapped is empty


def check_transaction_get_connection(django_assert_num_queries):
    assert params(transaction.get_connection) == ["using"]
    assert transaction.get_connection() is connections["default"]


def check_connection_in_atomic_block(django_assert_num_queries):
    with transaction.atomic():
        assert connections["default"].in_atomic_block is True


def check_redis_cache_client(django_assert_num_queries):
    from django.core.cache.backends.redis import RedisCacheClient

    from zongzhi.cache import ResilientRedisCache, SharedRedisCacheClient

    assert params(RedisCacheClient.__init__)[:2] == ["self", "servers"]
    signature = inspect.signature(RedisCacheClient.get_client)
    assert list(signature.parameters) == ["self", "key", "write"]
    assert signature.parameters["write"].kind is inspect.Parameter.KEYWORD_ONLY
    cache = ResilientRedisCache("redis://127.0.0.1:1/15", {"OPTIONS": {}})  # builds no connection
    assert isinstance(cache._cache, SharedRedisCacheClient)
    assert cache._cache is ResilientRedisCache("redis://127.0.0.1:1/15", {"OPTIONS": {}})._cache  # one per process


def check_redis_connection_pool(django_assert_num_queries):
    from django.core.cache.backends.redis import RedisCacheClient

    from zongzhi.cache import SharedRedisCacheClient

    assert params(RedisCacheClient._get_connection_pool) == ["self", "write"]
    client = SharedRedisCacheClient(["redis://127.0.0.1:1/15"])
    pool = client._get_connection_pool(True)
    assert client._get_connection_pool(False) is pool  # made once, kept (one server: reads and writes share it)
    assert client.get_client(write=True) is client.get_client()  # one redis client per pool


def check_redis_cache_client_property(django_assert_num_queries):
    from django.core.cache.backends.redis import RedisCache

    assert isinstance(inspect.getattr_static(RedisCache, "_cache"), cached_property)

    class FakeClient:
        def get(self, key, default):
            return ("from the client", key)

    class Redirected(RedisCache):
        @cached_property
        def _cache(self):
            return FakeClient()

    value, key = Redirected("redis://127.0.0.1:1/15", {}).get("k")
    assert value == "from the client" and key.endswith("k")  # RedisCache.get goes through self._cache


def check_incorrect_lookup_parameters(django_assert_num_queries):
    import wagtail_modeladmin.views
    from django.contrib.admin.options import IncorrectLookupParameters

    assert issubclass(IncorrectLookupParameters, Exception)
    assert wagtail_modeladmin.views.IncorrectLookupParameters is IncorrectLookupParameters


CHECKS = {
    "site-find-for-request": check_site_find_for_request,
    "request-raw-host": check_request_raw_host,
    "split-domain-port": check_split_domain_port,
    "request-wagtail-site": check_request_wagtail_site,
    "request-site-root-paths": check_request_site_root_paths,
    "request-csp-nonce": check_request_csp_nonce,
    "lazy-object-wrapped": check_lazy_object_wrapped,
    "transaction-get-connection": check_transaction_get_connection,
    "connection-in-atomic-block": check_connection_in_atomic_block,
    "redis-cache-client": check_redis_cache_client,
    "redis-connection-pool": check_redis_connection_pool,
    "redis-cache-client-property": check_redis_cache_client_property,
    "incorrect-lookup-parameters": check_incorrect_lookup_parameters,
}


def test_every_entry_has_a_check_and_every_check_an_entry():
    keys = [item.key for item in private_api.ENTRIES]
    assert len(keys) == len(set(keys)), "entry keys are unique"
    assert set(keys) == set(CHECKS), f"entries without a check: {set(keys) - set(CHECKS)}; checks without an entry: {set(CHECKS) - set(keys)}"
    for item in private_api.ENTRIES:
        assert item.why and item.checked and item.used_in, item.key
        for path in item.used_in:
            assert (ROOT / path).is_file(), f"{item.key}: {path} does not exist"


@pytest.mark.django_db
@pytest.mark.parametrize("item", private_api.ENTRIES, ids=lambda item: item.key)
def test_the_private_api_still_has_the_shape_we_use(item, django_assert_num_queries):
    try:
        CHECKS[item.key](django_assert_num_queries)
    except Exception as error:  # any breakage (missing name, new signature, new behaviour) says the same
        pytest.fail(broken(item, error), pytrace=False)


def test_the_failure_message_names_the_entry_and_the_registry():
    item = private_api.entry("site-find-for-request")

    message = broken(item, AttributeError("type object 'Site' has no attribute '_find_for_request'"))

    assert "wagtail.models.Site._find_for_request" in message
    assert "see site/zongzhi/private_api.py, entry 'site-find-for-request'" in message
    assert "site/zongzhi/pagecache.py" in message


# --- the scan: private framework uses in our code ---------------------------------------------------------

PRIVATE = re.compile(r"(?<![A-Za-z0-9_])_[A-Za-z][A-Za-z0-9_]*")


def is_private(name):
    return name.startswith("_") and not name.startswith("__") and len(name) > 1


def is_framework_module(module):
    return bool(module) and module.split(".")[0] in FRAMEWORKS


@cache
def framework_private_names():
    """Every underscore name that occurs in the installed frameworks' code."""
    names = set()
    for package in FRAMEWORKS:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            continue
        for location in spec.submodule_search_locations:
            for path in Path(location).rglob("*.py"):
                if "tests" in path.parts or "migrations" in path.parts:
                    continue
                names.update(PRIVATE.findall(path.read_text(encoding="utf-8", errors="replace")))
    return frozenset(names)


@cache
def framework_names_of(module_name, class_name):
    """The underscore names in the source of the framework classes a project class inherits from."""
    klass = getattr(importlib.import_module(module_name), class_name)
    names = set()
    for base in klass.__mro__:
        if is_framework_module(base.__module__):
            try:
                names.update(PRIVATE.findall(inspect.getsource(base)))
            except (OSError, TypeError):  # built in
                pass
    return frozenset(names)


def module_name_of(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[0] == "site":
        parts = parts[1:]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def scanned_files():
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" not in path.parts and "__pycache__" not in path.parts:
                yield path


class Scan(ast.NodeVisitor):
    """Private framework uses in one file: (line, name, what)."""

    def __init__(self, path, tree):
        self.path = path
        self.module = module_name_of(path)
        self.found = []
        self.framework = framework_private_names()
        self.classes = []  # (class name, framework private names of its bases or None)
        self.functions = []  # the functions being visited
        self.project_modules = set()  # names bound to our own modules (their private names are ours)
        self.defined = set()  # underscore names this file defines itself
        self.imports = {}  # name -> (module, attribute) of every absolute from-import in the file
        self.classdefs = {}  # name -> ClassDef of every class the file defines (at any depth)
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.defined.add(node.name)
            if isinstance(node, ast.ClassDef):
                self.classdefs.setdefault(node.name, node)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                self.defined.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and self.is_self(node.value):
                self.defined.add(node.attr)
            elif isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    if not node.level:
                        self.imports[alias.asname or alias.name] = (node.module, alias.name)
                    if node.level or not is_framework_module(node.module):
                        self.project_modules.add(alias.asname or alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if not is_framework_module(alias.name):
                        self.project_modules.add(alias.asname or alias.name.split(".")[0])

    def add(self, node, name, what):
        self.found.append((node.lineno, name, what))

    @staticmethod
    def is_self(node):
        return isinstance(node, ast.Name) and node.id in ("self", "cls")

    @staticmethod
    def is_super(node):
        return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"

    # imports ------------------------------------------------------------------------------------

    def visit_ImportFrom(self, node):
        if is_framework_module(node.module):
            if any(is_private(part) for part in node.module.split(".")):
                self.add(node, node.module, "import from a private framework module")
            for alias in node.names:
                if is_private(alias.name):
                    self.add(node, alias.name, f"private import from {node.module}")
                elif (node.module, alias.name) in UNDOCUMENTED_IMPORTS:
                    self.add(node, alias.name, f"undocumented import from {node.module}")
        self.generic_visit(node)

    def visit_Import(self, node):
        for alias in node.names:
            if is_framework_module(alias.name) and any(is_private(part) for part in alias.name.split(".")):
                self.add(node, alias.name, "import of a private framework module")
        self.generic_visit(node)

    # classes ---------------------------------------------------------------------------------------

    def visit_ClassDef(self, node):
        # Top-level classes: their framework bases are found by importing the module. (Classes
        # defined inside functions or classes are scanned as plain code.)
        top_level = not self.classes and not self.functions
        inherited = framework_names_of(self.module, node.name) if top_level and node.bases else None
        self.classes.append((node.name, inherited))
        if inherited:
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and is_private(item.name) and item.name in inherited:
                    self.add(item, item.name, f"{node.name} overrides a private framework method or attribute")
        self.generic_visit(node)
        self.classes.pop()

    def visit_FunctionDef(self, node):
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def inherited_names(self):
        return self.classes[-1][1] if self.classes else None

    # attributes ---------------------------------------------------------------------------------------

    def check_attribute(self, node, receiver, name):
        if name in UNDOCUMENTED_ATTRIBUTES:
            self.add(node, name, "undocumented framework attribute")
            return
        if isinstance(receiver, ast.Name) and (receiver.id, name) in UNDOCUMENTED_MODULE_ATTRIBUTES:
            self.add(node, name, f"undocumented framework function {receiver.id}.{name}")
            return
        if not is_private(name) or name in private_api.DOCUMENTED:
            return
        if self.is_self(receiver) or self.is_super(receiver):
            inherited = self.inherited_names()
            if inherited and name in inherited:
                self.add(node, name, "private attribute inherited from a framework class")
            return
        if isinstance(receiver, ast.Name) and receiver.id in self.project_modules:
            return  # one of our modules' own names
        if name in self.framework and name not in self.defined:
            self.add(node, name, "private framework attribute")

    def visit_Attribute(self, node):
        self.check_attribute(node, node.value, node.attr)
        self.generic_visit(node)

    def visit_Call(self, node):
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("getattr", "hasattr", "setattr", "delattr") and len(node.args) >= 2:
            name = node.args[1]
            if isinstance(name, ast.Constant) and isinstance(name.value, str):
                self.check_attribute(node, node.args[0], name.value)
        if isinstance(func, ast.Name) and func.id == "super" and len(node.args) == 2:
            skipped = ast.unparse(node.args[0])
            if not self.classes or skipped != self.classes[-1][0]:
                self.add(node, f"super({skipped}, self)", "super() that skips a parent's method")
        if isinstance(func, ast.Name) and self.is_view_class(func.id):
            self.add(node, func.id, "framework view built by hand (use as_view())")
        self.generic_visit(node)

    def is_view_class(self, name, seen=()):
        """Whether `name` is a Django view class (defined in this file or imported from elsewhere)."""
        from django.views import View

        if name in seen:
            return False
        if name in self.classdefs:
            return any(isinstance(base, ast.Name) and self.is_view_class(base.id, (*seen, name)) for base in self.classdefs[name].bases)
        if name not in self.imports:
            return False
        module, attribute = self.imports[name]
        try:
            value = getattr(importlib.import_module(module), attribute)
        except (ImportError, AttributeError):
            return False
        return isinstance(value, type) and issubclass(value, View)


@cache
def private_uses():
    """{(path, name): [(line, what), ...]} for every private framework use in the scanned code."""
    found = {}
    for path in scanned_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        scan = Scan(path, tree)
        scan.visit(tree)
        for line, name, what in scan.found:
            found.setdefault((str(path.relative_to(ROOT)), name), []).append((line, what))
    return found


def registered():
    return {(path, item.name) for item in private_api.ENTRIES for path in item.used_in}


def test_every_private_framework_use_is_registered():
    unregistered = {key: uses for key, uses in private_uses().items() if key not in registered()}

    assert not unregistered, (
        "Private framework API used outside the registry. Use a public API, or list the use (what, "
        f"where, why, checked version) in {REGISTRY} with a check in tests/zongzhi/test_private_api.py:\n"
        + "\n".join(f"  {path}:{line}: {name} ({what})" for (path, name), uses in sorted(unregistered.items()) for line, what in uses)
    )


def test_every_registered_use_is_still_there():
    gone = sorted(key for key in registered() if key not in private_uses())

    assert not gone, f"Listed in {REGISTRY} but no longer used there (drop the entry or fix used_in): {gone}"


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from django.db import connection\nfor x in connection.run_on_commit: pass\n", "run_on_commit"),
        ("from django.db import transaction\ntransaction.get_connection().in_atomic_block\n", "get_connection"),
        ("from wagtail.models import Site\nSite._find_for_request(None)\n", "_find_for_request"),
        ("def f(request):\n    return request._get_raw_host()\n", "_get_raw_host"),
        ("def f(request):\n    return getattr(request, '_csp_nonce', None)\n", "_csp_nonce"),
        ("from django.utils.functional import _lazy_proxy_unpickle\n", "_lazy_proxy_unpickle"),
        ("class A:\n    def f(self):\n        return super(B, self).g()\n", "super(B, self)"),
    ],
)
def test_the_scan_finds_private_uses(source, expected):
    path = ROOT / "governance" / "scan_example.py"  # never written: only its module name is used
    tree = ast.parse(source)
    scan = Scan(path, tree)
    scan.visit(tree)

    assert expected in [name for _line, name, _what in scan.found]


@pytest.mark.parametrize(
    "source",
    [
        "class Calendar:\n    def _table(self):\n        pass\n\ndef f(calendar):\n    return calendar._table()\n",  # our own
        "from governance.ledgers import parsing\nparsing._DATE_TEXT\n",  # one of our modules
        "def f(obj, model):\n    return obj._meta, obj._state.adding, model._default_manager\n",  # documented
        "def f(user):\n    user._reviewer_center_ids = set()\n",  # not a framework name
        "class A:\n    def f(self):\n        return super(A, self).f()\n",
    ],
)
def test_the_scan_leaves_our_own_and_documented_names_alone(source):
    path = ROOT / "governance" / "scan_example.py"
    tree = ast.parse(source)
    scan = Scan(path, tree)
    scan.visit(tree)

    assert scan.found == []
