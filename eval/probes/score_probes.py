"""Score the stop-47 probes (eval/probes/README.md): the share of answerable questions, or of conversations' answerable
last turns, whose answer cites a clause the probe's writer named, and how the unanswerable ones were handled.

The writers named clauses as a lawyer writes them (京人社劳字〔2020〕11号 二、, 《中华人民共和国劳动合同法》第四十条), not by
clause id, so a citation matches an expected clause when its document is the one named (by 文号, else by title) and its
label starts with the label named (or the other way round: 一、（二） matches 一、（二）3.). A heuristic, not the gold of
`policyqa eval answers`.

    HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 .venv/bin/python eval/probes/score_probes.py eval/probes/conversations.jsonl
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from config import Settings
from lexicon.grammar import ARTICLE_LABEL, find_doc_numbers
from query.models import Turn
from serve.service import build_assistant

_TITLE = re.compile(r"《([^》]+)》")


def matches(citation: dict[str, Any], expected: str) -> bool:
    """Whether a citation is of the clause ``expected`` names (see the module docstring)."""
    numbers = find_doc_numbers(expected)
    article = re.search(ARTICLE_LABEL, expected)
    tail = expected.split()[-1] if " " in expected else ""
    label = tail if re.match(r"^[一二三四五六七八九十（(0-9]", tail) else (article.group(0) if article else None)
    title = _TITLE.search(expected)
    name = title.group(1) if title else expected.split()[0]
    if numbers:
        # by issuer, year and number (an announcement, 财政部 税务总局公告2020年第10号, prints no 〔〕 and may be spaced)
        cited = find_doc_numbers(citation.get("doc_number") or "")
        same_document = any(have.is_named_by(numbers[0]) for have in cited)
    else:
        short = name.replace("中华人民共和国", "")
        same_document = short in citation["title"] or citation["title"] in name
    if not same_document or label is None:
        return same_document
    own = citation["label"]
    if label.startswith("第") and label.endswith("条"):
        return own.startswith(label)
    label = label.replace("(", "（").replace(")", "）")
    return own.startswith(label) or label.startswith(own)


def main(path: Path) -> None:
    assistant = build_assistant(Settings())
    right = lead = answerable = refused = unanswerable = handled = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        probe = json.loads(line)
        history: list[Turn] = []
        for asked in probe.get("turns") or [probe["question"]]:
            response = assistant.ask(asked, history)
            history += [Turn(role="user", content=asked), Turn(role="assistant", content=response.answer)]
        if not probe.get("answerable_last", probe.get("answerable")):
            unanswerable += 1
            handled += response.abstained or "未载明" in response.answer or "现有文件中没有" in response.answer
            continue
        expected = probe.get("expected_last", probe.get("expected", []))
        found = [any(matches(c.model_dump(), e) for e in expected) for c in response.citations]
        answerable += 1
        right += any(found)
        lead += bool(found and found[0])
        refused += response.abstained
    print(f"{path.name}: answerable {answerable}: right clause cited {right} ({right / answerable:.3f}), lead {lead}, "
          f"refused {refused}; unanswerable {unanswerable}: refused or told what is missing {handled}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
