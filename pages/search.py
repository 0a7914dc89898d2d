"""Chinese search for Wagtail's database backend.

SQLite FTS5 and PostgreSQL split text on spaces and punctuation, so a run of Chinese characters
is one "word": 宅基地 never matches 宅基地纠纷. Each page therefore indexes a copy of its text cut
into words by jieba (search mode, which also emits the shorter words inside long ones), and the
query is cut the same way before it reaches the backend.
"""

import logging
import re
import threading

from django.utils.html import strip_tags

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_jieba = None

# A token is kept if it holds a letter or digit of any script (drops punctuation and spaces).
_WORDLIKE = re.compile(r"\w", re.UNICODE)
# Words that carry no meaning in a search box; matching on them would return every page.
STOP_WORDS = frozenset(
    "的 了 和 与 及 或 是 在 有 吗 呢 吧 啊 呀 么 怎么 怎样 如何 什么 哪里 哪些 为什么 我 你 他 她 我们 请问 "
    "一个 这个 那个 可以 能 要 需要 办 去 到 从 对 把 被 就 都 也 还 又".split()
)
MAX_QUERY_LENGTH = 100


def _tokenizer():
    """jieba, loaded once per process (its dictionary takes about 1.7 s to load)."""
    global _jieba
    if _jieba is None:
        with _lock:
            if _jieba is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _jieba = jieba
    return _jieba


def _tokens(words):
    return [word.strip() for word in words if word.strip() and _WORDLIKE.search(word)]


def segment(text):
    """The text cut into space-separated words for the index (search mode: long words and their parts)."""
    text = strip_tags(text or "")
    if not text.strip():
        return ""
    return " ".join(_tokens(_tokenizer().cut_for_search(text)))


def query_terms(query):
    """The query cut into the words to look for, without stop words (kept if nothing else is left)."""
    query = strip_tags(query or "")[:MAX_QUERY_LENGTH]
    words = _tokens(_tokenizer().cut(query))
    meaningful = [word for word in words if word not in STOP_WORDS]
    unique = list(dict.fromkeys(meaningful or words))
    return unique


def search_pages(queryset, query):
    """Live pages of the queryset matching the query (any of its words), best first."""
    terms = query_terms(query)
    if not terms:
        return queryset.none()
    return queryset.search(" ".join(terms), operator="or", order_by_relevance=True)
