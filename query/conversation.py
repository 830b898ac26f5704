"""Follow-up questions ("那病假呢？") rewritten into standalone ones from the conversation so far."""

from __future__ import annotations

import re
from collections.abc import Sequence

from lexicon import Lexicon
from lexicon.grammar import find_doc_numbers, han_count
from lexicon.places import Gazetteer
from query.models import Turn
from query.references import read_references

_TITLE = re.compile(r"《([^《》]{4,80})》")


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
    """Carry the previous question's 文号, places, and what was asked (aspect) or its topic into a follow-up; a
    follow-up pointing back at a document (这个文件是哪天发的) carries the one the previous answer led with."""
    question = question.strip()
    previous = next((t.content for t in reversed(history) if t.role == "user"), None)
    if not previous or not is_follow_up(question, lexicon):
        return question
    opening = lexicon.follow_up["opening"]
    named = read_references(previous)
    carried = [n.normalized for n in named.doc_numbers] + [f"{number}号文" for _, number in named.short_numbers]
    if lexicon.follow_up["refers_back"].search(question) and not carried:
        # 这个文件是哪天发的: the document the previous answer led with, by its 文号 or else its title
        carried += _lead_document(next((t.content for t in reversed(history) if t.role == "assistant"), ""))
    carried = [n for n in carried if n not in question]
    carried += [p.short for p in gazetteer.find(previous) if p.short not in question and p.name not in question]
    own = _topic_terms(question, lexicon)
    has_topic = bool(own) or han_count(opening.sub("", question)) > 6
    if not has_topic or lexicon.follow_up["refers_back"].search(question):
        carried += [t for t in _topic_terms(previous, lexicon) if t not in question]
    carried += [a for a in _aspects(previous, lexicon) if a not in question]
    core = opening.sub("", question).rstrip("？?。 ").removesuffix("呢").removesuffix("吗") or question
    # what is carried comes first: the ask stays at the end, where the question reader looks for it
    return f"{' '.join(dict.fromkeys(carried))}，{core}" if carried else question


def _lead_document(answer: str) -> list[str]:
    """The document an answer cites first: its first 文号, or, when it names a document without one first, that
    document's title in 《》."""
    numbers = find_doc_numbers(answer)
    title = _TITLE.search(answer)
    if numbers and (title is None or answer.find(numbers[0].core) < title.end() + 16):
        return [numbers[0].normalized]
    return [f"《{title.group(1)}》"] if title else []
