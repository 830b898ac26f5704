from answer.citations import legal_form, legal_label, verify_citations
from answer.models import Citation
from retrieval.models import Hit, SourceRef


def _hit(**overrides) -> Hit:
    values = {
        "clause_id": "京人社劳字〔2020〕11号#二、",
        "doc_id": "京人社劳字〔2020〕11号",
        "doc_number": "京人社劳字〔2020〕11号",
        "title": "关于做好疫情防控期间维护劳动关系稳定有关问题的通知",
        "issuer": ["北京市人力资源和社会保障局"],
        "date": "2020-01-23",
        "label": "二、",
        "text": "二、企业要妥善安置因疫情被隔离人员和未及时返京复工人员\n对于……隔离、医学观察期间的工资待遇由所属企业按正常工作期间工资支付。",
        "score": 1.0,
        "source": SourceRef(file="002_d60ccd470af96181.txt", line_start=140, line_end=146),
        "region": "北京",
        "doc_type": "notice",
    }
    values.update(overrides)
    return Hit(**values)


def test_legal_form_is_ready_to_paste():
    assert legal_form(_hit()) == "《关于做好疫情防控期间维护劳动关系稳定有关问题的通知》（京人社劳字〔2020〕11号）第二条"


def test_nested_labels_read_as_article_item_and_subitem():
    assert legal_label("二、（三）") == "第二条第（三）项"
    assert legal_label("一、1.") == "第一条第1目"
    assert legal_label("第五条") == "第五条"
    assert legal_label("二、~2") == "第二条"
    assert legal_label("附件/一、") == "附件第一条"


def test_document_without_number_is_cited_by_issuer_and_date():
    form = legal_form(_hit(doc_number=None, title="关于进一步加强社区（村）疫情防控工作的通告", label="一、"))
    assert form == "《关于进一步加强社区（村）疫情防控工作的通告》（北京市人力资源和社会保障局，2020-01-23）第一条"


def _citation(quote: str) -> Citation:
    hit = _hit()
    return Citation(
        n=1, clause_id=hit.clause_id, doc_id=hit.doc_id, doc_number=hit.doc_number, title=hit.title,
        issuer=hit.issuer, date=hit.date, label=hit.label, quote=quote, legal_form=legal_form(hit), source=hit.source,
    )


def test_a_quote_not_verbatim_in_the_stored_clause_is_dropped():
    stored = {"京人社劳字〔2020〕11号#二、": _hit().text}
    good = _citation("隔离、医学观察期间的工资待遇由所属企业按正常工作期间工资支付。")
    paraphrased = _citation("隔离期间工资照发。")
    assert verify_citations([good, paraphrased], stored.get) == [good]


def test_a_citation_of_an_unknown_clause_is_dropped():
    assert verify_citations([_citation("任何文字")], {}.get) == []
