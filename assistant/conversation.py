"""Follow-up questions ("那病假呢？") rewritten into standalone ones from the conversation so far."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.terms import ASPECTS, SYNONYMS
from query.models import Turn

_FOLLOW_UP_OPENING = re.compile(r"^(那么?|那如果|如果是|还有|另外|那要是|要是|这个|这种情况|该|它|同样|也)")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［﹝]\d{4}[〕\]］﹞]\d+\s*号|\d+号文")
_REGIONS = ("北京", "常德", "全国", "湖南", "湖北", "武汉")
_REFERS_BACK = re.compile(r"这个文件|该文件|这份文件|上面|刚才|这条|该条|这一条|本文|同一个文件|这个通知")


def _topic_terms(text: str) -> list[str]:
    return [term for term in SYNONYMS if term in text and term not in ASPECTS]


def is_follow_up(question: str) -> bool:
    han = len(re.findall(r"[\u4e00-\u9fff]", question))
    return bool(_FOLLOW_UP_OPENING.match(question.strip()) or _REFERS_BACK.search(question) or han <= 8)


def rewrite_follow_up(question: str, history: Sequence[Turn], previous_standalone: str | None = None) -> str:
    """Carry the previous turn's 文号, region, and what was asked (aspect) or its topic into a follow-up."""
    question = question.strip()
    previous = previous_standalone or next((t.content for t in reversed(history) if t.role == "user"), None)
    if not previous or not is_follow_up(question):
        return question
    carried: list[str] = []
    for number in _DOC_NUMBER.findall(previous):
        if number not in question:
            carried.append(number)
    for region in _REGIONS:
        if region in previous and region not in question:
            carried.append(region)
    has_topic = bool(_topic_terms(question)) or len(re.findall(r"[\u4e00-\u9fff]", _FOLLOW_UP_OPENING.sub("", question))) > 6
    if not has_topic or _REFERS_BACK.search(question):
        carried.extend(t for t in _topic_terms(previous) if t not in question)
    carried.extend(a for a in ASPECTS if a in previous and a not in question)
    core = _FOLLOW_UP_OPENING.sub("", question).rstrip("？?。 ").removesuffix("呢").removesuffix("吗") or question
    return f"{core} {' '.join(dict.fromkeys(carried))}".strip() if carried else question
