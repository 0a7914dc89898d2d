"""zongzhi.settings: embedded defaults, DATABASE_URL/REDIS_URL switches, the production profile."""

import base64
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from django.core.management import call_command
from django.utils.module_loading import import_string

ROOT = Path(__file__).resolve().parents[2]
THREE_DAYS = 3 * 24 * 3600

# Read each setting in a fresh interpreter: settings are computed once, at import.
PRINT_SETTINGS = """
import json
from django.conf import settings as s
layer = s.CHANNEL_LAYERS["default"]
print(json.dumps({
    "engine": s.DATABASES["default"]["ENGINE"],
    "name": str(s.DATABASES["default"]["NAME"]),
    "host": s.DATABASES["default"].get("HOST", ""),
    "layer": layer["BACKEND"],
    "layer_config": layer.get("CONFIG", {}),
    "cache": s.CACHES["default"]["BACKEND"],
    "debug": s.DEBUG,
    "demo_allowed": s.ZONGZHI_DEMO_ALLOWED,
}))
"""

# Everything production refuses to start without (see zongzhi/settings/production.py).
PRODUCTION_SECRETS = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "DJANGO_ALLOWED_HOSTS": "zongzhi.example.cn",
    "DATABASE_URL": "postgres://zongzhi@127.0.0.1:5432/zongzhi",  # `check` never connects
    "ZONGZHI_FIELD_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),  # a Fernet key
}


def clean_env(settings_module, **variables):
    """The caller's environment without any deploy configuration, plus `variables`."""
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS_", "CHANNEL_", "ZONGZHI_")) and key != "DATABASE_URL"
    }
    env.update(PYTHONPATH=os.pathsep.join(["site", "."]), DJANGO_SETTINGS_MODULE=settings_module, **variables)
    return env


def run(args, settings_module="zongzhi.settings.dev", **variables):
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=clean_env(settings_module, **variables),
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_with(settings_module="zongzhi.settings.dev", **variables):
    result = run(["-c", PRINT_SETTINGS], settings_module, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- Embedded defaults and switches --------------------------------------------------------------


def test_dev_default_needs_no_service():
    values = settings_with()

    assert values["engine"] == "django.db.backends.sqlite3"
    assert Path(values["name"]) == ROOT / "db.sqlite3"
    assert values["layer"] == "channels.layers.InMemoryChannelLayer"
    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["demo_allowed"] is True


def test_database_url_switches_to_postgresql():
    values = settings_with(DATABASE_URL="postgres://zongzhi@db.internal:5432/zongzhi")

    assert values["engine"] == "django.db.backends.postgresql"
    assert (values["host"], values["name"]) == ("db.internal", "zongzhi")
    assert values["layer"] == "channels.layers.InMemoryChannelLayer"  # REDIS_URL is separate


def test_redis_url_switches_channel_layer_and_cache_to_redis():
    values = settings_with(REDIS_URL="redis://cache.internal:6379/2")

    assert values["layer"] == "channels_redis.core.RedisChannelLayer"
    [host] = values["layer_config"]["hosts"]
    assert host["address"] == "redis://cache.internal:6379/2"
    # redis-py 8 would time out idle BZPOPMIN reads after 5 s: screens must not be dropped.
    assert host["socket_timeout"] > 5 and host["max_connections"] >= 1000
    assert issubclass(import_string(values["cache"]), RedisCache)
    assert values["engine"] == "django.db.backends.sqlite3"  # DATABASE_URL is separate


def test_the_pubsub_redis_layer_can_be_chosen():
    values = settings_with(REDIS_URL="redis://cache.internal:6379/2", ZONGZHI_CHANNEL_LAYER="pubsub")

    assert values["layer"] == "channels_redis.pubsub.RedisPubSubChannelLayer"
    [host] = values["layer_config"]["hosts"]
    assert host["address"] == "redis://cache.internal:6379/2" and host["socket_timeout"] > 5


def test_an_unknown_channel_layer_name_is_refused():
    result = run(["-c", PRINT_SETTINGS], REDIS_URL="redis://cache.internal:6379/2", ZONGZHI_CHANNEL_LAYER="kafka")

    assert result.returncode != 0 and "ZONGZHI_CHANNEL_LAYER" in result.stderr


@pytest.mark.parametrize("variables", [{}, {"REDIS_URL": "redis://127.0.0.1:6379/0"}], ids=["in-memory", "redis"])
def test_group_expiry_outlasts_screens_running_for_days(variables):
    """Layers that expire group memberships (the pub/sub layer's last as long as the subscription)."""
    config = settings_with(**variables)["layer_config"]

    assert config["group_expiry"] >= THREE_DAYS


def test_current_run_uses_a_long_group_expiry():
    layer = settings.CHANNEL_LAYERS["default"]
    if layer["BACKEND"] != "channels_redis.pubsub.RedisPubSubChannelLayer":  # no expiry there
        assert layer["CONFIG"]["group_expiry"] >= THREE_DAYS


@pytest.mark.django_db  # model checks ask the database about its features (JSONField support)
def test_system_checks_pass_on_the_configured_database():
    """Whatever DATABASE_URL selects (the SQLite pass and the PostgreSQL pass)."""
    call_command("check", fail_level="WARNING")


# --- Production ----------------------------------------------------------------------------------


@pytest.mark.parametrize("missing", sorted(PRODUCTION_SECRETS))
def test_production_refuses_to_start_without(missing):
    given = {key: value for key, value in PRODUCTION_SECRETS.items() if key != missing}

    result = run(["manage.py", "check"], "zongzhi.settings.production", **given)

    assert result.returncode != 0
    assert missing in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run(["manage.py", "check"], "zongzhi.settings.production", **{**PRODUCTION_SECRETS, "DJANGO_SECRET_KEY": "x" * 20})

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("ZONGZHI_FIELD_KEY", "not-a-fernet-key"),
        ("ZONGZHI_FIELD_KEY", f"{PRODUCTION_SECRETS['ZONGZHI_FIELD_KEY']},typo"),  # the old key of a rotation mistyped
        ("ZONGZHI_FIELD_KEY", " , "),
        ("DATABASE_URL", "sqlite:///var/zongzhi.sqlite3"),
    ],
    ids=["not-fernet", "rotation-typo", "blank-keys", "sqlite"],  # fixed ids: the key is random per process
)
def test_production_refuses_a_malformed_field_key_or_a_non_postgresql_database(key, value):
    result = run(["manage.py", "check", "--deploy"], "zongzhi.settings.production", **{**PRODUCTION_SECRETS, key: value})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert key in result.stderr


def test_production_accepts_a_rotation_of_two_fernet_keys():
    rotated = f"{PRODUCTION_SECRETS['ZONGZHI_FIELD_KEY']},{base64.urlsafe_b64encode(os.urandom(32)).decode()}"
    result = run(["manage.py", "check"], "zongzhi.settings.production", **{**PRODUCTION_SECRETS, "ZONGZHI_FIELD_KEY": rotated})

    assert result.returncode == 0, result.stderr


def test_production_passes_deploy_checks_with_its_secrets():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        "zongzhi.settings.production",
        **PRODUCTION_SECRETS,
    )

    assert result.returncode == 0, result.stderr


def test_production_never_debugs_nor_loads_demo_data():
    values = settings_with("zongzhi.settings.production", DJANGO_DEBUG="true", **PRODUCTION_SECRETS)

    assert values["debug"] is False
    assert values["demo_allowed"] is False
    assert values["engine"] == "django.db.backends.postgresql"


# --- Services (run where they are reachable) -----------------------------------------------------


@pytest.fixture
def configured_layer_reachable(request):
    if settings.REDIS_URL:
        request.getfixturevalue("requires_redis")


async def test_configured_channel_layer_delivers_to_a_group(configured_layer_reachable):
    """In-memory in the embedded setup; Redis in the scaled pass (REDIS_URL set)."""
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    channel = await layer.new_channel()
    group = f"settings-test-{os.getpid()}"
    await layer.group_add(group, channel)
    try:
        await layer.group_send(group, {"type": "ping", "n": 1})
        assert await layer.receive(channel) == {"type": "ping", "n": 1}
    finally:
        await layer.group_discard(group, channel)


async def test_redis_channel_layer_round_trip(requires_redis):
    from channels_redis.core import RedisChannelLayer

    layer = RedisChannelLayer(hosts=[requires_redis], prefix=f"zongzhi-test-{os.getpid()}", group_expiry=THREE_DAYS)
    channel = await layer.new_channel()
    await layer.group_add("lobby-test", channel)
    try:
        await layer.group_send("lobby-test", {"type": "ping"})
        assert await layer.receive(channel) == {"type": "ping"}
    finally:
        await layer.group_discard("lobby-test", channel)
        await layer.flush()


def test_postgresql_pass_uses_a_per_process_test_database(requires_postgres):
    from django.db import connection

    assert connection.vendor == "postgresql"
    # Under pytest-xdist, pytest-django appends the worker's name (zongzhi_test_<pid>_gw0).
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    assert connection.settings_dict["NAME"] == f"zongzhi_test_{os.getpid()}" + (f"_{worker}" if worker else "")


@pytest.mark.django_db
def test_the_account_page_offers_no_list_of_english_time_zone_names(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("tz-admin", "tz@example.com", "pw"))

    page = client.get("/admin/account/").content.decode()

    assert settings.WAGTAIL_USER_TIME_ZONES == ["Asia/Shanghai"]
    assert "Africa/Abidjan" not in page and "current_time_zone" not in page
