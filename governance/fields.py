"""Model fields for personal data at rest."""

from django.db import models

from governance import crypto


class EncryptedCharField(models.TextField):
    """Stores the value encrypted; reads it back in clear. Exact lookups go through a KeyedHashField."""

    def from_db_value(self, value, expression, connection):
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return crypto.encrypt(value)


class KeyedHashField(models.CharField):
    """Filled on every save (bulk_create too) from another field's clear value."""

    def __init__(self, *args, source=None, **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = crypto.keyed_hash(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value
