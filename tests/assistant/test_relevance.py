from assistant.relevance import Concept, ConceptReader, CorpusStatistics, out_of_scope

TEXTS = [
    "隔离、医学观察期间的工资待遇由所属企业按正常工作期间工资支付。",
    "病假工资不得低于北京市最低工资标准的80%。",
    "待岗期间，企业应当按照不低于本市最低工资标准的70%支付基本生活费。",
    "",
]


def test_document_frequency_counts_each_clause_once():
    stats = CorpusStatistics(TEXTS, years={2020}, doc_numbers=set())
    assert stats.document_frequency(("工资",)) == 3
    assert stats.document_frequency(("待岗", "医学观察")) == 2
    assert stats.document_frequency(("产假",)) == 0
    assert stats.document_frequency(("",)) == 0


def test_rarer_concepts_weigh_more():
    stats = CorpusStatistics(TEXTS, years={2020}, doc_numbers=set())
    assert stats.weight(Concept("待岗", ("待岗",))) > stats.weight(Concept("工资", ("工资",)))


def test_colloquial_words_become_the_circulars_concepts():
    words = {c.word: c for c in ConceptReader().concepts("在家带娃单位会扣工资吗")}
    assert "看护未成年子女" in words["带娃"].forms
    assert "扣工资" in words or "工资" in words


def test_out_of_scope_year_number_and_place():
    stats = CorpusStatistics(TEXTS, years={2020, 2022}, doc_numbers={"京人社劳字〔2020〕11号"})
    reader = ConceptReader()
    for question, reason in [
        ("2023年北京社保缴费基数上下限是多少", "2023"),
        ("人社部发〔2022〕31号第三条是什么", "人社部发〔2022〕31号"),
        ("深圳的企业疫情期间稳岗补贴标准是多少", "深圳"),
    ]:
        assert reason in (out_of_scope(question, reader.concepts(question), stats) or "")
    question = "京人社劳字[2020]11号第二条"
    assert out_of_scope(question, reader.concepts(question), stats) is None
