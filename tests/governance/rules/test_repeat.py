"""governance.rules.repeat: who is the same person as a party of an earlier case (no database)."""

from datetime import date

import pytest

from governance.rules.repeat import EarlierParty, Person, matching_cases, repeat_count, same_person

ID_HASH = "a" * 64
OTHER_HASH = "b" * 64
OLD_KEY_HASH = "c" * 64


def person(name="张三", hashes=(), phone=""):
    return Person(name=name, id_hashes=frozenset(hashes), phone=phone)


@pytest.mark.parametrize(
    ("typed", "stored", "expected"),
    [
        # The ID number decides when both sides have one.
        (person(hashes=[ID_HASH]), EarlierParty(1, "张三", ID_HASH), True),
        (person(name="张叁", hashes=[ID_HASH]), EarlierParty(1, "张三", ID_HASH), True),  # a typo in the name
        (person(hashes=[ID_HASH, OLD_KEY_HASH]), EarlierParty(1, "张三", OLD_KEY_HASH), True),  # saved before a key rotation
        (person(hashes=[ID_HASH], phone="13812345678"), EarlierParty(1, "张三", OTHER_HASH, "13812345678"), False),
        # Otherwise the name together with the phone.
        (person(phone="13812345678"), EarlierParty(1, "张三", "", "13812345678"), True),
        (person(phone="138 1234-5678"), EarlierParty(1, " 张 三", "", "13812345678"), True),
        (person(hashes=[ID_HASH], phone="13812345678"), EarlierParty(1, "张三", "", "13812345678"), True),
        (person(phone="13812345678"), EarlierParty(1, "张三", ID_HASH, "13812345678"), True),
        (person(phone="13812345678"), EarlierParty(1, "李四", "", "13812345678"), False),  # a household's shared phone
        (person(phone="13812345678"), EarlierParty(1, "张三", "", "13900000000"), False),
        (person(), EarlierParty(1, "张三", "", ""), False),  # a name alone never matches
        (person(name="", phone=""), EarlierParty(1, "", "", ""), False),
    ],
)
def test_same_person(typed, stored, expected):
    assert same_person(typed, stored) is expected


def test_matching_cases_names_which_typed_people_were_found_and_skips_excluded_cases():
    people = [person("张三", [ID_HASH]), person("李四", phone="13900001111")]
    parties = [
        EarlierParty(10, "张三", ID_HASH),
        EarlierParty(10, "李四", "", "13900001111"),
        EarlierParty(10, "张三", ID_HASH),  # the same person twice on one case
        EarlierParty(11, "李四", "", "13900001111"),
        EarlierParty(12, "王五", "", "13900001111"),
        EarlierParty(13, "张三", ID_HASH),
    ]

    assert matching_cases(people, parties, exclude={13}) == {10: [0, 1], 11: [1]}


@pytest.mark.parametrize(
    ("received", "threshold", "days", "recent", "reached"),
    [
        ([date(2026, 9, 1), date(2026, 9, 20)], 3, 90, 2, True),
        ([date(2026, 9, 1), date(2026, 9, 20)], 4, 90, 2, False),
        ([date(2026, 5, 1), date(2026, 9, 20)], 3, 90, 1, False),  # the May case is outside 90 days
        ([date(2026, 5, 1), date(2026, 9, 20)], 3, 180, 2, True),
        ([], 2, 90, 0, False),
    ],
)
def test_repeat_count_counts_the_new_case_as_one_more(received, threshold, days, recent, reached):
    count = repeat_count(received, date(2026, 9, 28), threshold=threshold, days=days)

    assert (count.recent, count.reached, count.threshold, count.days) == (recent, reached, threshold, days)
