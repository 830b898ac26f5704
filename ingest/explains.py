"""Which notice a Q&A or a 解读 explains, or a news item reports, when it says so only by retelling the notice's
title in its own (…有关司局负责人就阶段性减免企业社会保险费具体贯彻实施工作答记者问 explains 关于阶段性减免企业社会保险费的通知).
A title in 《》 or a 文号 in a 说明 or 解读's opening lines is read by ``ingest.meta.find_clarified``; this pass, which
needs every document, reads the rest. The link is kept in ``Document.clarifies`` (the answer tells a news item's apart
by its type: it reported the release, it did not explain it)."""

from __future__ import annotations

import dataclasses
import re

from ingest.document import ParsedDocument
from ingest.models import DocType

# a notice's title: 关于<what it is about>的<kind of document>; what it is about is what a Q&A's title retells
_ABOUT = re.compile(r"关于(.{6,60})的[^的]{1,6}$")


def link_explanations(parsed: list[ParsedDocument]) -> list[ParsedDocument]:
    """Each Q&A or news item linked to no document takes the notices whose subject its title retells (the longest such
    subject only, so a broader notice on a shorter subject is not taken for the one explained)."""
    subjects = [
        (match.group(1), item.document.doc_number or item.document.title)
        for item in parsed
        if item.document.doc_type is DocType.NOTICE and (match := _ABOUT.search(item.document.title))
    ]
    linked: list[ParsedDocument] = []
    for item in parsed:
        doc = item.document
        if doc.doc_type in (DocType.QA, DocType.NEWS) and not doc.clarifies:
            retold = [(subject, key) for subject, key in subjects if subject in doc.title and key != doc.title]
            longest = max((len(subject) for subject, _ in retold), default=0)
            keys = tuple(dict.fromkeys(key for subject, key in retold if len(subject) == longest))
            if keys:
                item = dataclasses.replace(item, document=dataclasses.replace(doc, clarifies=keys))
        linked.append(item)
    return linked
