"""What the answer says about the cited documents beyond their text: where each applies, which later
notice prevails over or explains it, what it says of its own validity, and that these were
epidemic-period rules."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from answer.citations import book_title
from answer.models import Citation
from ingest.clean import damaged_runs
from ingest.models import DocType, Document
from lexicon.places import NATIONAL

CHECK_CURRENT_RULES = (
    "这些是2020–2022年疫情期间的阶段性规定，多数已随防控政策调整而不再执行；"
    "据此行事前请核实现行规定，或咨询当地人社部门（12333）。"
)
# an answer whose retrieval confidence is low says so before anything else
LOW_CONFIDENCE = "把握不大：现有文件可能没有直接规定这一问题，以下是最接近的规定，请核对引文是否对应您的情形。"
ASK_AGAIN = "可以换个说法，或写明地区、文号或具体情形再问。"


@dataclass(frozen=True)
class DocumentFacts:
    """What the answerer says about a cited document beyond its text."""

    region: str
    validity: str | None
    superseded_by: str | None
    clarified_by: tuple[str, ...]
    clarifies: tuple[str, ...] = ()
    reported_by: tuple[str, ...] = ()  # news items reporting the document's release (their clarifies name it)
    # what the corpus cannot show of a statute's versions: a revision its printed header omits, a later text not in it
    version_note: str | None = None
    doc_type: str = "notice"  # a news report or a press Q&A is not a rule, and is not called one


def _named(key: str) -> str:
    """A document as a link's key names it: its 文号, or its title in one pair of marks (a title holding a marked title
    nests it as 〈〉)."""
    return book_title(key[1:-1]) if key.startswith("《") and key.endswith("》") else key


def document_facts(documents: Sequence[Document]) -> dict[str, DocumentFacts]:
    """Region, validity, supersession and clarification of every document, computed once per index."""
    clarified: dict[str, list[str]] = {}
    reported: dict[str, list[str]] = {}
    superseded: dict[str, str] = {}
    for doc in documents:
        later = doc.doc_number or f"《{doc.title}》"
        for target in doc.clarifies:
            (reported if doc.doc_type is DocType.NEWS else clarified).setdefault(target, []).append(later)
        for target in doc.supersedes:
            superseded[target] = later
    facts: dict[str, DocumentFacts] = {}
    for doc in documents:
        keys = [k for k in (doc.doc_number, doc.title) if k]
        facts[doc.doc_id] = DocumentFacts(
            region=doc.region,
            validity=doc.validity,
            superseded_by=next((superseded[k] for k in keys if k in superseded), None),
            clarified_by=tuple(x for k in keys for x in clarified.get(k, [])),
            reported_by=tuple(x for k in keys for x in reported.get(k, [])),
            clarifies=tuple(doc.clarifies),
            version_note=doc.version_note,
            doc_type=doc.doc_type.value,
        )
    return facts


REPORTS = {"news": "新闻报道", "qa": "对文件的解读或问答"}  # document types that report or explain rules, as a reader calls them


def context_notes(
    citations: Sequence[Citation], facts: Callable[[str], DocumentFacts | None], epidemic_rules: bool = True
) -> list[str]:
    notes: list[str] = []
    seen: set[str] = set()
    for citation in citations:
        if citation.doc_id in seen:
            continue
        seen.add(citation.doc_id)
        info = facts(citation.doc_id)
        if info is None:
            continue
        name = citation.doc_number or book_title(citation.title)
        dated = f"（{citation.date}）" if citation.date else ""
        local = bool(info.region) and info.region != NATIONAL
        if info.doc_type in REPORTS:
            # what it reports or explains is set by a notice; it is named as what it is
            where = f"，只涉及{info.region}" if local else ""
            notes.append(f"{name}{dated}是{REPORTS[info.doc_type]}{where}，不是规范性文件；所述规定以发文机关的文件为准。")
        elif local:
            notes.append(f"{name}{dated}是{info.region}的地方规定，只适用于{info.region}，不是全国性规定。")
        else:
            notes.append(f"{name}{dated}是全国性规定。")
        if info.superseded_by:
            notes.append(f"注意：{name}的相关内容与后来的{info.superseded_by}不一致的，以{info.superseded_by}为准。")
        for later in info.clarified_by:
            notes.append(f"{_named(later)}对{name}的有关问题作了说明，请一并参照。")
        for later in info.reported_by:
            notes.append(f"{_named(later)}报道了{name}的发布。")
        if info.validity:
            notes.append(f"{name}写明其效力：“{info.validity}”。")
        if info.version_note:  # the printed text can be older than the text it is, or no longer the one in force
            notes.append(f"关于{name}的版本：{info.version_note}。")
    notes += damaged_quote_notes(citations)
    if epidemic_rules:  # the statutes are not temporary; the circulars were
        notes.append(CHECK_CURRENT_RULES)
    return notes


def damaged_quote_notes(citations: Sequence[Citation]) -> list[str]:
    """A quote is verbatim even where its source is garbled; the reader is told which words are not the document's."""
    return [
        f"引文[{citation.n}]中的“{'”“'.join(dict.fromkeys(runs))}”是原文的乱码，无法还原，照录未改；请以发文机关公布的文本为准。"
        for citation in citations
        if (runs := damaged_runs(citation.quote))
    ]
