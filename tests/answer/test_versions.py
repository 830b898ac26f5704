"""answer/versions.py: which version of a cited statute applies, and where the quoted provision sits in the others."""

from __future__ import annotations

from answer.models import Citation
from answer.versions import later_law_notes, version_notes
from ingest.models import Clause, DocType, Document, SourceSpan
from query.period import question_period
from retrieval.models import SourceRef

OLD, NEW = "突发事件应对法(2007-08-30)", "突发事件应对法(2024-06-28)"
TITLE = "中华人民共和国突发事件应对法"
QUOTE = "公民参加应急救援工作或者协助维护社会秩序期间，其在本单位的工资待遇和福利不变；"


def _law(doc_id: str, effective_from: str, effective_to: str | None = None, **links: object) -> Document:
    return Document(doc_id, None, None, TITLE, ("全国人民代表大会常务委员会",), doc_id[-11:-1], "全国", DocType.LAW, (),
                    adopted="2007-08-30", amended=None if doc_id == OLD else "2024-06-28",
                    effective_from=effective_from, effective_to=effective_to, **links)  # fmt: skip


DOCUMENTS = {
    OLD: _law(OLD, "2007-11-01", "2024-11-01", replaced_by=NEW),
    NEW: _law(NEW, "2024-11-01", replaces=(OLD,)),
}
NEW_ARTICLES = {
    label: Clause(f"{NEW}#{label}", NEW, label, None, f"{label} {text}", SourceSpan("f.md", n, n), order=n)
    for n, (label, text) in enumerate(
        [
            ("第八十九条", "国务院根据受突发事件影响地区遭受损失的情况，制定扶持该地区有关行业发展的优惠政策。"),
            ("第九十条", "公民参加应急救援工作或者协助维护社会秩序期间，其所在单位应当保证其工资待遇和福利不变。"),
        ]
    )
}


def _cited(doc_id: str, label: str, quote: str) -> Citation:
    return Citation(n=1, clause_id=f"{doc_id}#{label}", doc_id=doc_id, doc_number=None, title=TITLE, issuer=[],
                    date=None, label=label, quote=quote, legal_form=f"《{TITLE}》{label}",
                    source=SourceRef(file="f.md", line_start=1, line_end=1))  # fmt: skip


def _same_provision(clause_id: str) -> list[Clause]:
    return list(NEW_ARTICLES.values()) if clause_id == f"{OLD}#第六十一条" else []


def test_the_text_in_force_then_is_named_and_the_current_one_with_the_article_holding_the_quote() -> None:
    notes = version_notes([_cited(OLD, "第六十一条", QUOTE)], DOCUMENTS.get, question_period((2022,)), _same_provision)
    assert notes == [
        f"2022年适用的是《{TITLE}》（2007年文本）（自2007-11-01起施行）。",
        f"现行有效的是《{TITLE}》（2024年文本），自2024-11-01起施行，所引第六十一条在该文本中为第九十条；引文请按所涉时间选用版本。",
    ]


def test_a_period_spanning_the_revision_names_each_text_for_its_part() -> None:
    notes = version_notes([_cited(OLD, "第六十一条", QUOTE)], DOCUMENTS.get, question_period((2022, 2025)), _same_provision)
    assert notes == [
        (
            f"2022–2025年先后适用《{TITLE}》（2007年文本，2007-11-01至2024-10-31施行）"
            f"和《{TITLE}》（2024年文本，自2024-11-01起施行）"
            "，所引第六十一条在2024年文本中为第九十条。"
        )
    ]


def test_a_cited_version_is_not_told_where_its_own_provision_is() -> None:
    both = [_cited(OLD, "第六十一条", QUOTE), _cited(NEW, "第九十条", "其所在单位应当保证其工资待遇和福利不变")]
    notes = version_notes(both, DOCUMENTS.get, question_period((2022,)), _same_provision)
    assert notes[1] == f"现行有效的是《{TITLE}》（2024年文本），自2024-11-01起施行；引文请按所涉时间选用版本。"


def test_an_article_a_later_law_took_over_is_said_to_yield_to_it_only_when_both_are_cited() -> None:
    earlier, later = _cited("劳动法(2018-12-29)", "第二十一条", "试用期最长不得超过六个月。"), _cited(
        "劳动合同法(2012-12-28)", "第十九条", "劳动合同期限一年以上不满三年的，试用期不得超过二个月；"
    )
    taken_over = {earlier.clause_id: later.clause_id}.get
    assert later_law_notes([later, earlier], taken_over) == [
        f"{earlier.legal_form}与后来制定的{later.legal_form}规定同一事项，二者不一致的，适用{later.legal_form}。"
    ]
    assert later_law_notes([earlier], taken_over) == []
    assert later_law_notes([later], taken_over) == []
