"""ingest/counterparts.py: the same provision in another version of a statute, matched by wording."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from ingest.counterparts import PROVISIONS_TAKEN_OVER, article_counterparts, holding, later_law_provisions
from ingest.models import Clause, DocType, Document, SourceSpan
from ingest.statutes import parse_statutes

STATUTES = Path(__file__).resolve().parents[2] / "corpus" / "statutes"
EMERGENCY_2007 = "突发事件应对法(2007-08-30)"
EMERGENCY_2024 = "突发事件应对法(2024-06-28)"
SPC_2001 = "最高人民法院关于审理劳动争议案件适用法律若干问题的解释(2001-04-16)"
SPC_2020 = "最高人民法院关于审理劳动争议案件适用法律问题的解释（一）(2020-12-29)"
NUMERALS = "一二三四五六七八九"
LABOUR_LAW = "劳动法(2018-12-29)"
CONTRACT_LAW = "劳动合同法(2012-12-28)"
DISPUTE_LAW = "劳动争议调解仲裁法(2007-12-29)"


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


@pytest.fixture(scope="module")
def seed_later_provisions() -> dict[str, str]:
    names = (LABOUR_LAW, CONTRACT_LAW, DISPUTE_LAW, "就业促进法(2015-04-24)", "社会保险法(2018-12-29)", "工伤保险条例(2010-12-20)")
    parsed, skipped, _ = parse_statutes(STATUTES.parent, [f"statutes/{name}.md" for name in names])
    assert skipped == []
    return later_law_provisions([p.document for p in parsed], [c for p in parsed for c in p.clauses])


def test_an_earlier_laws_article_is_paired_with_the_later_law_article_carrying_its_provision(seed_later_provisions):
    # 劳动合同法 (2007) narrowed 劳动法 (1994)'s 试用期最长不得超过六个月 to limits by contract length, in other words
    assert seed_later_provisions[f"{LABOUR_LAW}#第二十一条"] == f"{CONTRACT_LAW}#第十九条"
    assert seed_later_provisions[f"{LABOUR_LAW}#第二十六条"] == f"{CONTRACT_LAW}#第四十条"
    assert seed_later_provisions[f"{LABOUR_LAW}#第二十九条"] == f"{CONTRACT_LAW}#第四十二条"
    assert seed_later_provisions[f"{LABOUR_LAW}#第八十三条"] == f"{DISPUTE_LAW}#第四十八条"


def test_only_a_later_law_of_the_same_kind_takes_an_article_over(seed_later_provisions):
    for earlier, later in seed_later_provisions.items():
        assert earlier.split("#")[0] == LABOUR_LAW  # every other pairing here is the other way round or of another kind
        assert later.split("#")[0] in (CONTRACT_LAW, DISPUTE_LAW)


def test_wording_every_law_prints_is_not_a_provision_taken_over(seed_later_provisions):
    # 本法自1995年1月1日起施行 is as near each later law's 施行 article; 劳动法第四十四条's overtime rates have no match
    assert f"{LABOUR_LAW}#第一百零七条" not in seed_later_provisions
    assert f"{LABOUR_LAW}#第四十四条" not in seed_later_provisions


def test_an_article_on_a_subject_the_later_law_does_not_take_up_is_not_paired(seed_later_provisions):
    # 劳动法第三十六条 (每日工作时间不超过八小时) and 劳动合同法第六十八条 (非全日制用工…每日工作时间不超过四小时) are worded
    # alike, but 工作时间和休息休假, the chapter of the first, is no subject of 劳动合同法
    assert f"{LABOUR_LAW}#第三十六条" not in seed_later_provisions


def test_two_laws_sharing_fewer_provisions_than_a_takeover_are_not_paired():
    provisions = [
        "劳动合同可以约定试用期，试用期最长不得超过六个月，试用期包含在劳动合同期限内。",
        "劳动者解除劳动合同，应当提前三十日以书面形式通知用人单位，并办理工作交接。",
        "用人单位应当保证劳动者每周至少休息一日，休息日安排工作又不能补休的支付加班工资。",
        "用人单位濒临破产进行法定整顿期间确需裁减人员的，应当提前三十日向工会说明情况。",
    ]
    unrelated = [f"第{NUMERALS[n]}项规定涉及{topic}的管理事项，由有关部门另行制定具体办法。" for n, topic in enumerate("甲乙丙丁")]

    def documents(taken_over: int) -> tuple[list[Document], list[Clause]]:
        old = [
            replace(_article("old", f"第{NUMERALS[n]}条", text, n), heading="第三章 劳动合同和集体合同")
            for n, text in enumerate(provisions + unrelated)
        ]
        new_texts = provisions[:taken_over] + ["国家鼓励企业建立职工代表大会制度，听取职工意见。"] * (4 - taken_over)
        new = [replace(_article("new", f"第{NUMERALS[n]}条", text, n), heading="第二章 劳动合同的订立") for n, text in enumerate(new_texts)]
        docs = [replace(_document(doc_id), adopted=adopted) for doc_id, adopted in (("old", "1994-07-05"), ("new", "2007-06-29"))]
        return docs, old + new

    assert len(later_law_provisions(*documents(PROVISIONS_TAKEN_OVER))) == PROVISIONS_TAKEN_OVER
    assert later_law_provisions(*documents(PROVISIONS_TAKEN_OVER - 1)) == {}
