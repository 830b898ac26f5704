"""retrieval/rerank.py: the fused head reordered by how much of the question a clause covers."""

from __future__ import annotations

from lexicon import load_lexicon
from lexicon.places import load_gazetteer
from query.question import QuestionReader
from retrieval.models import Hit
from retrieval.rerank import ConceptReranker
from retrieval.statistics import CorpusStatistics
from tests.hits import make_hit

TEXTS = [
    "隔离、医学观察期间的工资待遇由所属企业按正常工作期间工资支付。",
    "企业职工工资按劳动合同约定支付。",
    "待岗期间，企业应当按照不低于本市最低工资标准的70%支付基本生活费。",
    "企业应当依法支付职工工资。",
]


def hit(clause_id: str, text: str, score: float, match: str = "fused", heading: str | None = None) -> Hit:
    return make_hit(clause_id, text, score, title="关于疫情防控期间工资支付的通知", match=match, heading=heading)


def reranker(weight: float = 0.3) -> ConceptReranker:
    return ConceptReranker(CorpusStatistics(TEXTS), weight=weight)


READER = QuestionReader(load_lexicon(), load_gazetteer())


def concepts(text: str):
    return READER.concepts(text)


def test_a_clause_covering_the_rare_concept_moves_above_a_slightly_better_fused_one() -> None:
    hits = [hit("a#一、", TEXTS[3], 0.050), hit("a#二、", TEXTS[2], 0.047)]
    order = [h.clause_id for h in reranker().rerank(concepts("待岗期间工资怎么发"), hits)]
    assert order == ["a#二、", "a#一、"]


def test_headings_count_as_part_of_the_clause() -> None:
    hits = [hit("a#一、", TEXTS[3], 0.050), hit("a#二、（一）", "按本条执行。", 0.047, heading="待岗人员生活费")]
    assert reranker().rerank(concepts("待岗期间工资怎么发"), hits)[0].clause_id == "a#二、（一）"


def test_a_much_better_fused_hit_keeps_its_place() -> None:
    hits = [hit("a#一、", TEXTS[3], 0.050), hit("a#二、", TEXTS[2], 0.010)]
    assert reranker().rerank(concepts("待岗期间工资怎么发"), hits)[0].clause_id == "a#一、"


def test_exact_hits_stay_first_and_weight_zero_changes_nothing() -> None:
    hits = [hit("b#三、", TEXTS[1], 1.2, match="exact"), hit("a#一、", TEXTS[3], 0.05), hit("a#二、", TEXTS[2], 0.04)]
    assert reranker().rerank(concepts("待岗期间工资怎么发"), hits)[0].clause_id == "b#三、"
    unchanged = reranker(weight=0.0).rerank(concepts("待岗期间工资怎么发"), [h.model_copy() for h in hits])
    assert [h.clause_id for h in unchanged] == ["b#三、", "a#一、", "a#二、"]


def test_of_a_named_documents_clauses_the_one_whose_headings_name_the_topic_comes_first() -> None:
    in_passing = hit("a#一、（一）", "待岗人员的生活费另行规定。", 1.1, match="exact", heading="工资支付 > 标准")
    on_topic = hit("a#二、（一）", "按本市最低工资标准的70%支付。", 1.0, match="exact", heading="待岗 > 生活费标准")
    order = [h.clause_id for h in reranker().rerank(concepts("待岗生活费标准"), [in_passing, on_topic])]
    assert order == ["a#二、（一）", "a#一、（一）"]
