"""Encryption of sensitive personal data at rest, with the key outside the database.

ID numbers (敏感个人信息) are stored as Fernet tokens (AES-128-CBC + HMAC-SHA256) and, for exact
lookup, as an HMAC-SHA256 keyed hash. The key comes from the environment (ZONGZHI_FIELD_KEY in
production; in development it is derived from the SECRET_KEY, which is not in the database either).

Key rotation: ZONGZHI_FIELD_KEY may hold several comma-separated keys, the current one first. New
values are encrypted and hashed under the current key; every key decrypts, and a lookup matches the
hash under any of them (`keyed_hashes`), so rows written before a rotation are still found.
"""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

PREFIX = "enc1:"


def _parts(material):
    return [part.strip() for part in material.split(",") if part.strip()]


@lru_cache(maxsize=4)
def _keys(material):
    keys = []
    for part in _parts(material):
        try:
            keys.append(Fernet(part.encode()))
        except ValueError:
            # Not a Fernet key: derive one (development default from the SECRET_KEY).
            keys.append(Fernet(base64.urlsafe_b64encode(hashlib.sha256(part.encode()).digest())))
    return MultiFernet(keys)


def _fernet():
    # Several comma-separated keys: the first encrypts, all decrypt (key rotation).
    return _keys(settings.ZONGZHI_FIELD_KEY)


def encrypt(value):
    if value in (None, ""):
        return value
    return PREFIX + _fernet().encrypt(value.encode()).decode()


def decrypt(value):
    if not value or not value.startswith(PREFIX):
        return value  # empty, or written before encryption was enabled
    try:
        return _fernet().decrypt(value[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ValueError("the field key does not match the stored data (ZONGZHI_FIELD_KEY)") from exc


@lru_cache(maxsize=4)
def _lookup_keys(material):
    """The HMAC keys, one per configured key, the current one first."""
    return tuple(hashlib.sha256(("lookup:" + part).encode()).digest() for part in _parts(material))


def _hmac(key, value):
    return hmac.new(key, value.strip().upper().encode(), hashlib.sha256).hexdigest()


def keyed_hash(value):
    """Deterministic, keyed: equal ID numbers give equal hashes; the hash alone reveals nothing.

    Under the current (first) key: what is stored. Lookups match `keyed_hashes` instead."""
    if not value:
        return ""
    return _hmac(_lookup_keys(settings.ZONGZHI_FIELD_KEY)[0], value)


def keyed_hashes(value):
    """The value's hash under every configured key, the current one first: a stored hash is one of
    them whether the row was saved before or after a key rotation."""
    if not value:
        return [""]
    return [_hmac(key, value) for key in _lookup_keys(settings.ZONGZHI_FIELD_KEY)]
