"""The lobby screen's words (governance.views.lobby.labels): every figure labelled for its period,
with a note where the number alone would mislead, and each figure defined in the screen designer."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from governance.models.lobby import FIGURE_DEFINITIONS, FiguresBlock
from governance.views.lobby import labels

HAN = re.compile(r"[\u4e00-\u9fff]")
SCRIPT = Path(settings.BASE_DIR) / "static" / "lobby" / "lobby.js"


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def test_every_word_the_script_uses_exists_and_the_figures_are_chinese():
    script = SCRIPT.read_text(encoding="utf-8")
    used = set(re.findall(r"\bT\.(\w+)", script)) | set(re.findall(r'\bT\["(\w+)', script))
    words = labels()
    # T["registered_" + period] and T[period]: the period's keys
    used |= {f"{figure}_{period}" for figure in ("registered", "accepted", "resolved") for period in ("today", "month")}
    used |= {"today", "month"}
    used.discard("registered_")
    used.discard("accepted_")
    used.discard("resolved_")
    assert used <= set(words), used - set(words)
    figure_words = [key for key in used if key.startswith(("registered", "accepted", "handling", "resolved", "on_time_rate", "today", "month"))]
    assert len(figure_words) == 14
    for key in figure_words:
        assert HAN.search(str(words[key])), (key, words[key])


def test_the_figures_say_what_they_count():
    words = labels()
    assert words["registered_today"] == "今日登记"
    assert words["accepted_today"] == "今日受理"
    # 15 accepted beside 5 registered reads right: acceptance counts cases registered before today.
    assert words["accepted_note"] == "含此前登记的案件"
    assert words["handling"] == "正在办理" and "不限日期" in words["handling_note"]
    assert words["resolved_month"] == "本月办结"
    # The on-time rate is always this month's, even on a "today" panel.
    assert words["on_time_rate"] == "本月按期办结率"


def test_each_figure_is_defined_in_the_screen_designer():
    keys = [key for key, _text in FIGURE_DEFINITIONS]
    assert keys == ["registered", "accepted", "handling", "resolved", "on_time_rate"]
    help_text = str(FiguresBlock().meta.help_text)
    for _key, text in FIGURE_DEFINITIONS:
        assert str(text) in help_text
        assert HAN.search(str(text)), text
    assert "不论何时登记" in help_text and "可能多于同期登记数" in help_text
