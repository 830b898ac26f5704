"""ingest/counterparts.py: the same provision in another version of a statute, matched by wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.counterparts import article_counterparts, holding
from ingest.models import Clause, DocType, Document, SourceSpan
from ingest.statutes import parse_statutes

STATUTES = Path(__file__).resolve().parents[2] / "corpus" / "statutes"
EMERGENCY_2007 = "突发事件应对法(2007-08-30)"
EMERGENCY_2024 = "突发事件应对法(2024-06-28)"
SPC_2001 = "最高人民法院关于审理劳动争议案件适用法律若干问题的解释(2001-04-16)"
SPC_2020 = "最高人民法院关于审理劳动争议案件适用法律问题的解释（一）(2020-12-29)"


def _document(doc_id: str, replaced_by: str | None = None) -> Document:
    return Document(doc_id, None, None, doc_id, ("全国人民代表大会常务委员会",), None, "全国", DocType.LAW, (), replaced_by=replaced_by)


def _article(doc_id: str, label: str, text: str, order: int) -> Clause:
    return Clause(f"{doc_id}#{label}", doc_id, label, None, f"{label} {text}", SourceSpan("f.md", 1, 1), order=order)


@pytest.fixture(scope="module")
def seed_counterparts() -> dict[str, tuple[str, ...]]:
    files = [f"statutes/{name}.md" for name in (EMERGENCY_2007, EMERGENCY_2024, SPC_2001, SPC_2020)]
    parsed, skipped, _ = parse_statutes(STATUTES.parent, files)
    assert skipped == []
    return article_counterparts([p.document for p in parsed], [c for p in parsed for c in p.clauses])


def test_a_renumbered_provision_is_found_in_both_directions(seed_counterparts):
    # 2007 第六十一条's third paragraph became 2024 第九十条; its first two, 第八十九条 and 第九十一条
    assert seed_counterparts[f"{EMERGENCY_2024}#第九十条"] == (f"{EMERGENCY_2007}#第六十一条",)
    assert set(seed_counterparts[f"{EMERGENCY_2007}#第六十一条"]) == {
        f"{EMERGENCY_2024}#第八十九条",
        f"{EMERGENCY_2024}#第九十条",
        f"{EMERGENCY_2024}#第九十一条",
    }
    # the 2001 interpretation's rule on 规章制度 is the first paragraph of the 2020 one's 第五十条
    assert seed_counterparts[f"{SPC_2001}#第十九条"] == (f"{SPC_2020}#第五十条",)
    assert seed_counterparts[f"{SPC_2020}#第五十条"] == (f"{SPC_2001}#第十九条",)


def test_only_texts_that_replace_one_another_are_matched(seed_counterparts):
    doc_of = {cid.split("#")[0] for cid in seed_counterparts}
    assert doc_of == {EMERGENCY_2007, EMERGENCY_2024, SPC_2001, SPC_2020}
    for clause_id, others in seed_counterparts.items():
        assert all(other.split("#")[0] != clause_id.split("#")[0] for other in others)


def test_an_article_a_revision_dropped_has_no_counterpart():
    old = [
        _article("old", "第一条", "为了规范劳动合同，保护劳动者的合法权益，制定本法。", 0),
        _article("old", "第二条", "用人单位应当按月以货币形式支付工资，不得克扣或者无故拖欠。", 1),
    ]
    new = [
        _article("new", "第一条", "为了规范劳动合同，保护劳动者的合法权益，构建和谐劳动关系，制定本法。", 0),
        _article("new", "第二条", "国家鼓励企业建立职工代表大会制度，听取职工意见。", 1),
    ]
    found = article_counterparts([_document("old", replaced_by="new"), _document("new")], old + new)
    assert found == {"old#第一条": ("new#第一条",), "new#第一条": ("old#第一条",)}


def test_the_article_holding_a_quoted_paragraph_is_told_from_its_neighbours():
    split = [
        _article("new", "第八十九条", "国务院根据受突发事件影响地区遭受损失的情况，制定扶持该地区有关行业发展的优惠政策。", 0),
        _article("new", "第九十条", "公民参加应急救援工作或者协助维护社会秩序期间，其所在单位应当保证其工资待遇和福利不变。", 1),
    ]
    quote = "公民参加应急救援工作或者协助维护社会秩序期间，其在本单位的工资待遇和福利不变；"
    assert [c.label for c in holding(quote, split)] == ["第九十条"]
    assert [c.label for c in holding("与两条都无关的一句话，说的是别的事情。", split)] == ["第八十九条", "第九十条"]
