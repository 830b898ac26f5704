"""Citations a lawyer can paste and check: legal form, verbatim quote, verification against the store."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence

from answer.models import Citation
from ingest.clauses import CLOSING, HISTORY, PREAMBLE
from ingest.models import STATUTE_TYPES
from ingest.sentences import list_lead_in
from retrieval.models import Hit

log = logging.getLogger(__name__)

_PART_SUFFIX = re.compile(r"(@\d+)?(~\d+)?$")
STATUTE_TYPE_NAMES = frozenset(t.value for t in STATUTE_TYPES)


def legal_label(label: str) -> str:
    """二、（三）1. -> 第二条第（三）项第1目; 第五条 stays; 引言 -> 序言; 结尾 -> 落款; 题注 stays; 附件/一、 -> 附件第一条;
    附录一 stays."""
    label = _PART_SUFFIX.sub("", label)
    if label == PREAMBLE:
        return "序言部分"
    if label == CLOSING:
        return "落款"
    if label == HISTORY:
        return HISTORY
    if re.fullmatch(r"问\d+", label):
        return f"第{label[1:]}问"
    if label.startswith("附录"):
        return label
    prefix = ""
    if label.startswith("附件"):
        head, _, label = label.partition("/")
        prefix = head
    parts = re.findall(r"第[^条章]+[条章](?:之[一二三四五六七八九十]+)?|[一二三四五六七八九十百零〇]+、|（[一二三四五六七八九十]+）|\d+[.、]|（\d+）|[一二三四五六七八九十]+是", label)
    words: list[str] = []
    for part in parts:
        if part.startswith("第"):
            words.append(part)
        elif part.endswith("、") and not part[0].isdigit():
            words.append(f"第{part[:-1]}条")
        elif part.startswith("（") and not part[1].isdigit():
            words.append(f"第{part}项")
        elif part[0].isdigit():
            words.append(f"第{part[:-1]}目")
        elif part.startswith("（"):
            words.append(f"第{part}目")
        else:
            words.append(f"“{part}”部分")
    return prefix + "".join(words)


def _statute_unit(hit: Hit, quote: str) -> str:
    """The smallest 款 or 项 of a statute article that holds the whole quote (第二款, 第（三）项), or ""."""
    start = hit.text.find(quote) if quote else -1
    if start < 0:
        return ""
    end = start + len(quote)
    holding = [u for u in hit.subdivisions if u.start <= start and end <= u.end]
    return min(holding, key=lambda u: u.end - u.start).label if holding else ""


def legal_form(hit: Hit, quote: str = "") -> str:
    """《title》（文号）第二条 — or, without a 文号, the issuer and date in its place.

    A statute is cited as lawyers cite it: 《中华人民共和国劳动合同法》第四十条第（三）项, naming the 款 or 项
    that holds ``quote``; a version no longer in force carries its year: 《中华人民共和国突发事件应对法》（2007年）.
    """
    title = book_title(hit.title)
    if hit.doc_type in STATUTE_TYPE_NAMES:
        version = f"（{hit.date[:4]}年）" if hit.effective_to and hit.date and not hit.doc_number else ""
        number = f"（{hit.doc_number}）" if hit.doc_number else ""
        return f"{title}{number}{version}{legal_label(hit.label)}{_statute_unit(hit, quote)}"
    where = hit.doc_number or "，".join(x for x in ("、".join(hit.issuer), hit.date or "") if x)
    return title + (f"（{where}）" if where else "") + legal_label(hit.label)


def short_form(hit: Hit) -> str:
    """人社部发〔2020〕8号第二条第（三）项: the 文号 (or the title) and the clause, as a statement names a clause."""
    return clause_list([hit])


def clause_list(hits: Sequence[Hit]) -> str:
    """人社部发〔2020〕8号第三条第（六）项、第二条第（三）项: several clauses, each document named once; a statute by its
    title, as a lawyer cites it (《工资支付暂行规定》第十二条, not 劳部发〔1994〕489号第十二条)."""
    labels: dict[str, list[str]] = {}
    for hit in hits:
        by_number = hit.doc_number and hit.doc_type not in STATUTE_TYPE_NAMES
        named = labels.setdefault(hit.doc_number if by_number else book_title(hit.title), [])
        if (label := legal_label(hit.label)) not in named:
            named.append(label)
    return "、".join(document + "、".join(clauses) for document, clauses in labels.items())


def book_title(title: str) -> str:
    """A title in one pair of marks: marks inside it become 〈〉 (《关于对〈…〉有关问题说明的通知》), as printed
    Chinese nests them; a title that is itself one marked title is not marked twice."""
    inner = title.strip()
    if inner.startswith("《") and inner.endswith("》") and inner.count("《") == 1:
        inner = inner[1:-1]
    return f"《{inner.replace('《', '〈').replace('》', '〉')}》"


def make_citation(n: int, hit: Hit, quote: str) -> Citation:
    return Citation(
        lead_in=list_lead_in(quote, hit.text),
        n=n,
        clause_id=hit.clause_id,
        doc_id=hit.doc_id,
        doc_number=hit.doc_number,
        title=hit.title,
        issuer=hit.issuer,
        date=hit.date,
        label=hit.label,
        quote=quote,
        legal_form=legal_form(hit, quote),
        source=hit.source,
        region=hit.region,
    )


def verify_citations(citations: list[Citation], clause_text: Callable[[str], str | None]) -> list[Citation]:
    """Keep only citations whose quote is verbatim in the stored clause; log the rest."""
    kept: list[Citation] = []
    for citation in citations:
        stored = clause_text(citation.clause_id)
        if stored is None or not citation.quote or citation.quote not in stored:
            log.warning("dropped citation [%s] %s: quote not verbatim in the stored clause", citation.n, citation.clause_id)
            continue
        if citation.lead_in and citation.lead_in not in stored:
            citation = citation.model_copy(update={"lead_in": ""})
        kept.append(citation)
    return kept
