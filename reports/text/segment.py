"""jieba, loaded once per process, with the archive's own vocabulary.

The pipeline segments each report once (`tokens()`); part-of-speech tags come
from jieba's dictionary table rather than a second `posseg` pass, which would
cost several times the segmentation itself.
"""
from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import NamedTuple

import jieba
import jieba.posseg

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

_lock = threading.Lock()
_ready = False
_added: set[str] = set()  # user words already given to jieba in this process

# Words of this domain that jieba's general dictionary splits badly; the topic
# keywords from fixtures/topics.json are added to these at load time.
DOMAIN_WORDS = (
    "法治政府", "行政复议", "行政诉讼", "行政执法", "执法监督", "法律援助", "人民调解", "公共法律服务",
    "规范性文件", "合法性审查", "社区矫正", "安置帮教", "矛盾纠纷", "律师事务所", "公证处", "司法所",
    "法律顾问", "普法", "营商环境", "涉外法治", "行政应诉", "负责人出庭", "纠错率", "调解成功率",
    "地区生产总值", "一般公共预算收入", "固定资产投资", "社会消费品零售总额", "居民人均可支配收入",
    "城镇调查失业率", "城镇新增就业", "居民消费价格", "规上工业增加值", "进出口总额",
)


class Token(NamedTuple):
    # A tuple, not a dataclass: a report has tens of thousands and a frozen dataclass costs
    # more to build than jieba takes to find them.
    word: str
    start: int
    end: int
    tag: str


def topic_keywords(path: Path | None = None) -> list[str]:
    """Keywords of every topic in the topic fixture (the single source of the taxonomy)."""
    path = path or FIXTURES / "topics.json"
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    words = []
    for row in rows:
        fields = row.get("fields", {})
        words.extend(fields.get("keywords") or [])
    return words


def ensure_loaded() -> None:
    global _ready
    if _ready:
        return
    with _lock:
        if _ready:
            return
        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        _add((*DOMAIN_WORDS, *topic_keywords()))
        _ready = True


def _add(words) -> None:
    tag_table = jieba.posseg.dt.word_tag_tab
    for word in words:
        if 1 < len(word) <= 12 and word not in _added:
            jieba.add_word(word, freq=None, tag="n")
            # add_word keeps its tag apart from posseg's table, which tokens() reads.
            tag_table.setdefault(word, "n")
            _added.add(word)


def add_words(words) -> None:
    """Make sure jieba knows these words (the keywords of the taxonomy extraction was given).

    An editor's new keyword must come out of segmentation whole, or topic matching, which runs
    on tokens, would only find it when jieba happens to cut there. Words already added cost a
    set lookup, so the pipeline calls this for every report.
    """
    ensure_loaded()
    new = [w for w in words if w not in _added]
    if new:
        with _lock:
            _add(new)


def tokens(text: str) -> list[Token]:
    """Segment `text` once; offsets index `text`."""
    ensure_loaded()
    tag = jieba.posseg.dt.word_tag_tab.get
    out = []
    pos = 0
    for word in jieba.lcut(text, HMM=False):
        end = pos + len(word)
        out.append(Token(word, pos, end, tag(word, "x")))
        pos = end
    return out


def cut(text: str) -> list[str]:
    ensure_loaded()
    return jieba.lcut(text, HMM=False)
