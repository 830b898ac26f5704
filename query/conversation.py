"""Follow-up questions ("那病假呢？") rewritten into standalone ones from the conversation so far."""

from __future__ import annotations

import re
from collections.abc import Sequence

from lexicon import Lexicon
from lexicon.grammar import han_count
from lexicon.places import Gazetteer
from query.models import Turn

_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［﹝]\d{4}[〕\]］﹞]\d+\s*号|\d+号文")


def _aspects(text: str, lexicon: Lexicon) -> list[str]:
    return list(dict.fromkeys(m.group(0) for m in lexicon.follow_up["aspect"].finditer(text)))


def _topic_terms(text: str, lexicon: Lexicon) -> list[str]:
    aspects = set(_aspects(text, lexicon))
    return [term for term in lexicon.synonyms if term in text and term not in aspects]


def is_follow_up(question: str, lexicon: Lexicon) -> bool:
    return bool(
        lexicon.follow_up["opening"].match(question.strip())
        or lexicon.follow_up["refers_back"].search(question)
        or han_count(question) <= 8
    )


def rewrite_follow_up(question: str, history: Sequence[Turn], lexicon: Lexicon, gazetteer: Gazetteer) -> str:
    """Carry the previous question's 文号, places, and what was asked (aspect) or its topic into a follow-up."""
    question = question.strip()
    previous = next((t.content for t in reversed(history) if t.role == "user"), None)
    if not previous or not is_follow_up(question, lexicon):
        return question
    opening = lexicon.follow_up["opening"]
    carried = [n for n in _DOC_NUMBER.findall(previous) if n not in question]
    carried += [p.short for p in gazetteer.find(previous) if p.short not in question and p.name not in question]
    own = _topic_terms(question, lexicon)
    has_topic = bool(own) or han_count(opening.sub("", question)) > 6
    if not has_topic or lexicon.follow_up["refers_back"].search(question):
        carried += [t for t in _topic_terms(previous, lexicon) if t not in question]
    carried += [a for a in _aspects(previous, lexicon) if a not in question]
    core = opening.sub("", question).rstrip("？?。 ").removesuffix("呢").removesuffix("吗") or question
    return f"{core} {' '.join(dict.fromkeys(carried))}".strip() if carried else question
