"""Split a document body into clauses along its own numbering: 第X条, 一、, （一）, 1., （1）, 一是.

Each clause keeps its label path (二、（三）), its heading, its verbatim text and its line range.
The preamble and the closing are clauses too; overlong clauses are cut at sentence ends into
parts that keep the label; tiny fragments are merged into the clause before them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.models import Clause, Line, SourceSpan
from lexicon.grammar import CN_DIGITS, han_count

# Order matters only for matching; nesting comes from the order in which kinds first appear.
LABEL_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("attachment", re.compile(r"^(附\s*件\s*\d*)\s*[：:]?")),
    ("question", re.compile(r"^(问)[：:]")),  # a press Q&A: each question and its answer is one clause
    ("chapter", re.compile(rf"^(第[{CN_DIGITS}\d]+章)")),
    ("article", re.compile(rf"^(第[{CN_DIGITS}\d]+条)")),
    ("cn", re.compile(rf"^([{CN_DIGITS}]{{1,3}}、)")),
    ("paren_cn", re.compile(rf"^([（(][{CN_DIGITS}]{{1,3}}[)）])")),
    ("num", re.compile(r"^(\d{1,2}[.．、])(?!\d)")),
    ("paren_num", re.compile(r"^([（(]\d{1,2}[)）])")),
    ("shi", re.compile(rf"^([{CN_DIGITS}]{{1,2}}是)(?=[^，。；、]{{2,}})")),
)
PREAMBLE = "引言"
CLOSING = "结尾"
# a statute's note under its title: when and by whom it was adopted and amended, as printed
HISTORY = "题注"
MAX_CLAUSE_CHARS = 700
TARGET_PART_CHARS = 450
MIN_FRAGMENT_HAN = 8


@dataclass
class _Node:
    kind: str
    label: str
    lines: list[Line] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    parent: _Node | None = None
    heading: str | None = None

    @property
    def path(self) -> str:
        labels: list[str] = []
        node: _Node | None = self
        while node is not None and node.kind != "root":
            labels.append(node.label)
            node = node.parent
        return "".join(reversed(labels)).replace("附件", "附件/", 1) if labels else ""


def normalise_label(label: str) -> str:
    label = re.sub(r"\s", "", label).replace("(", "（").replace(")", "）").replace("．", ".")
    return label


def match_label(text: str) -> tuple[str, str] | None:
    """(kind, label) when the line opens with a clause label."""
    stripped = text.lstrip()
    for kind, pattern in LABEL_KINDS:
        match = pattern.match(stripped)
        if match:
            return kind, normalise_label(match.group(1))
    return None


def without_label(text: str) -> str:
    """The line after the clause label it opens with (3.强化… -> 强化…); the line itself when it opens with none."""
    stripped = text.lstrip()
    for _, pattern in LABEL_KINDS:
        match = pattern.match(stripped)
        if match:
            return stripped[match.end() :]
    return stripped


def _heading_of(text: str, label: str) -> str | None:
    body = text.lstrip()[len(label) :].strip() if text.lstrip().startswith(label) else text
    body = re.sub(r"^[：:\s]+", "", body)
    if body and not re.search(r"[，。；：,;:？！]", body) and len(body) <= 60:
        return body
    lead = re.match(r"^([^，。；：]{2,30})。", body)
    return lead.group(1) if lead and len(body) > len(lead.group(0)) else None


def build_tree(lines: list[Line]) -> _Node:
    root = _Node("root", "")
    preamble = _Node("preamble", PREAMBLE, parent=root)
    root.children.append(preamble)
    stack: list[_Node] = [root]
    current: _Node = preamble
    questions = 0
    for line in lines:
        found = match_label(line.text)
        if found is None:
            current.lines.append(line)
            continue
        kind, label = found
        if kind == "question":
            questions += 1
            label = f"问{questions}"
        if kind in ("attachment", "question"):
            stack = [root]
        else:
            kinds = [node.kind for node in stack]
            if kind in kinds:
                stack = stack[: kinds.index(kind)]
        parent = stack[-1]
        node = _Node(kind, "附件" if kind == "attachment" and label == "附件" else label, [line], parent=parent)
        node.heading = _heading_of(line.text, label) if kind not in ("attachment", "question") else None
        parent.children.append(node)
        stack.append(node)
        current = node
    return root



def _walk(node: _Node) -> list[_Node]:
    out: list[_Node] = []
    for child in node.children:
        out.append(child)
        out.extend(_walk(child))
    return out


def _headings(node: _Node) -> str | None:
    chain: list[str] = []
    current: _Node | None = node
    while current is not None and current.kind != "root":
        if current.heading:
            chain.append(current.heading)
        current = current.parent
    return " > ".join(reversed(chain)) or None


def _own_text_han(node: _Node) -> int:
    text = "".join(line.text for line in node.lines)
    return han_count(text) - han_count(node.label)


@dataclass
class _Draft:
    label: str
    heading: str | None
    lines: list[Line]
    parent_label: str | None


def split_clauses(doc_id: str, file: str, body: list[Line], closing: list[Line]) -> list[Clause]:
    """Clauses of one document, in document order, with stable ids ``<doc_id>#<label path>``."""
    root = build_tree(body)
    drafts: list[_Draft] = []
    for node in _walk(root):
        if not node.lines:
            continue
        is_heading_only = node.children and _own_text_han(node) < 2 * MIN_FRAGMENT_HAN and node.heading
        if is_heading_only and len(node.lines) == 1:
            continue  # its heading travels with every child clause
        parent_label = node.parent.path if node.parent and node.parent.kind != "root" else None
        draft = _Draft(node.path or PREAMBLE, _headings(node), list(node.lines), parent_label)
        if drafts and not node.children and _own_text_han(node) < MIN_FRAGMENT_HAN and node.kind != "preamble":
            drafts[-1].lines.extend(draft.lines)  # a tiny fragment joins the clause it follows
            continue
        drafts.append(draft)
    if closing:
        drafts.append(_Draft(CLOSING, None, list(closing), None))
    return _to_clauses(doc_id, file, drafts, {line.line_start for line in closing})


def _split_at_signature(lines: list[Line], signature: set[int]) -> list[list[Line]]:
    """A clause that runs on past the signature (an attachment's first page) becomes two parts,
    so that each part's line range holds only its own text."""
    segments: list[list[Line]] = [[]]
    for line in lines:
        previous = segments[-1][-1] if segments[-1] else None
        if previous and any(previous.line_end < n < line.line_start for n in signature):
            segments.append([])
        segments[-1].append(line)
    return segments


def _to_clauses(doc_id: str, file: str, drafts: list[_Draft], signature: set[int] = frozenset()) -> list[Clause]:
    clauses: list[Clause] = []
    seen: dict[str, int] = {}
    for draft in drafts:
        label = draft.label
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            label = f"{label}@{seen[label]}"  # numbering that restarts inside one document
        parts = [part for segment in _split_at_signature(draft.lines, set(signature)) for part in _split_overlong(segment)]
        for index, part in enumerate(parts, start=1):
            suffix = f"~{index}" if len(parts) > 1 and index > 1 else ""
            clauses.append(
                Clause(
                    clause_id=f"{doc_id}#{label}{suffix}",
                    doc_id=doc_id,
                    label=label,
                    heading=draft.heading,
                    text=join_lines(part),
                    source=SourceSpan(file, part[0].line_start, part[-1].line_end),
                    part=index if len(parts) > 1 else 0,
                    parent_label=draft.parent_label,
                    order=len(clauses),
                )
            )
    return clauses


def join_lines(lines: list[Line]) -> str:
    """Physical paragraphs are joined by newlines; pieces cut from one long line are rejoined without."""
    text = ""
    for index, line in enumerate(lines):
        same_line = index > 0 and lines[index - 1].line_start == line.line_start
        text += ("" if same_line or index == 0 else "\n") + line.text
    return text


def _split_overlong(lines: list[Line]) -> list[list[Line]]:
    """Cut a long clause at sentence ends; a single very long line is cut into sentence groups."""
    total = sum(len(line.text) for line in lines)
    if total <= MAX_CLAUSE_CHARS:
        return [lines]
    pieces: list[Line] = []
    for line in lines:
        if len(line.text) <= TARGET_PART_CHARS:
            pieces.append(line)
            continue
        sentences = re.findall(r"[^。；！？]*[。；！？]+[”’）)]?|[^。；！？]+$", line.text)
        chunk = ""
        for sentence in sentences:
            if chunk and len(chunk) + len(sentence) > TARGET_PART_CHARS:
                pieces.append(Line(chunk, line.line_start, line.line_end))
                chunk = ""
            chunk += sentence
        if chunk:
            pieces.append(Line(chunk, line.line_start, line.line_end))
    parts: list[list[Line]] = [[]]
    size = 0
    for piece in pieces:
        if parts[-1] and size + len(piece.text) > TARGET_PART_CHARS:
            parts.append([])
            size = 0
        parts[-1].append(piece)
        size += len(piece.text)
    return [part for part in parts if part]
