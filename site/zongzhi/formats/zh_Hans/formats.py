"""Simplified Chinese formats that differ from Django's own zh_Hans file.

A date field's value is rendered with the first input format. Django's zh_Hans list starts with
2026/12/07, which an <input type="date"> cannot take: the browser logs a format warning and the
field arrives empty. ISO comes first here, so every date input in the project shows and sends its
default; the other ways of typing a date are still accepted.
"""

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # '2026-12-07' (what <input type="date"> shows and sends)
    "%Y/%m/%d",  # '2026/12/07'
    "%Y年%m月%d日",  # '2026年12月7日'
]
