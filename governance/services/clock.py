""" "Today" for every service, in one place so tests can freeze it (the `clock` fixtures)."""

from django.utils import timezone


def today():
    return timezone.localdate()
