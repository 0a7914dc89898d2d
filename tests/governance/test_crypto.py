"""governance.crypto across a key rotation: ZONGZHI_FIELD_KEY = "new,old" still reads and finds what
was stored under "old" (the encrypted ID number and its lookup hash)."""

from datetime import date

import pytest

from governance import crypto
from governance.models import Case, Party
from tests.factories import VALID_ID_NUMBER, CenterFactory, reference, valid_id_number  # noqa: F401  (fixtures)

OLD_KEY = "the-key-before-rotation"
NEW_KEY = "the-key-after-rotation"
OTHER_ID_NUMBER = valid_id_number("44030519800101123")


def _case(center, reference):
    return Case.objects.create(
        center=center,
        code=f"{center.short_name}〔2026〕0001号",
        year=2026,
        sequence=1,
        source=reference("source", "walk_in"),
        category=reference("category", "neighbour"),
        summary="两户村民因院墙滴水问题发生争执。",
        received_on=date(2026, 9, 28),
    )


def test_the_hash_is_under_the_current_key_and_lookups_try_every_key(settings):
    settings.ZONGZHI_FIELD_KEY = OLD_KEY
    stored = crypto.keyed_hash(VALID_ID_NUMBER)
    assert crypto.keyed_hashes(VALID_ID_NUMBER) == [stored]

    settings.ZONGZHI_FIELD_KEY = f"{NEW_KEY}, {OLD_KEY}"
    assert crypto.keyed_hash(VALID_ID_NUMBER) != stored  # new rows: the new key
    assert crypto.keyed_hashes(VALID_ID_NUMBER) == [crypto.keyed_hash(VALID_ID_NUMBER), stored]
    # Normalised as before: surrounding spaces and a lower-case x do not matter.
    assert crypto.keyed_hashes(" " + VALID_ID_NUMBER.lower()) == crypto.keyed_hashes(VALID_ID_NUMBER)
    assert crypto.keyed_hashes("") == [""]


@pytest.mark.django_db
def test_a_party_stored_under_the_old_key_is_found_after_a_rotation(settings, reference):
    settings.ZONGZHI_FIELD_KEY = OLD_KEY
    case = _case(CenterFactory(), reference)
    before = Party.objects.create(case=case, name="张三", id_number=VALID_ID_NUMBER)
    assert list(Party.objects.with_id_number(VALID_ID_NUMBER)) == [before]

    settings.ZONGZHI_FIELD_KEY = f"{NEW_KEY},{OLD_KEY}"
    after = Party.objects.create(case=case, name="李四", id_number=OTHER_ID_NUMBER)
    assert Party.objects.get(pk=after.pk).id_number_hash != Party.objects.get(pk=before.pk).id_number_hash

    assert list(Party.objects.with_id_number(VALID_ID_NUMBER)) == [before]  # stored under the old key
    assert list(Party.objects.with_id_number(OTHER_ID_NUMBER)) == [after]  # stored under the new key
    assert Party.objects.get(pk=before.pk).id_number == VALID_ID_NUMBER  # and it still decrypts

    # Once the old key is dropped from the list, the rows written under it are no longer found.
    settings.ZONGZHI_FIELD_KEY = NEW_KEY
    assert not Party.objects.with_id_number(VALID_ID_NUMBER).exists()
    assert list(Party.objects.with_id_number(OTHER_ID_NUMBER)) == [after]
