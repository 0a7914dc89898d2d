"""governance.selectors.audit: every action in the audit trail is named in Chinese after its code."""

import pytest

from governance.selectors.audit import action_label


@pytest.mark.parametrize(
    ("action", "name"),
    [
        ("case.register", "登记"),
        ("notice.create", "创建"),
        ("screening.urgent", "紧急报告"),
        ("screening.file", "报送报告"),
        ("team.member_add", "新增队员"),
        ("patrol.finding_case", "发现问题转为案件登记"),
    ],
)
def test_notes_are_named_after_their_code(action, name):
    assert action_label(action) == f"{action} · {name}"


def test_an_unknown_action_shows_its_code():
    assert action_label("something.new") == "something.new"
