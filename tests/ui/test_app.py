"""The Streamlit app's flows with ``streamlit.testing.v1.AppTest`` over the real test index (in-process client):
ask, follow-up, abstention, filters, example questions, document browser and document view."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.render import book_title, escape_markdown

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
TIMEOUT = 120


@pytest.fixture
def app(indexed_settings, monkeypatch) -> AppTest:
    monkeypatch.setenv("POLICYQA_DATA_DIR", str(indexed_settings.data_dir))
    monkeypatch.delenv("POLICYQA_API_URL", raising=False)
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def _ask(at: AppTest, question: str) -> AppTest:
    at.chat_input(key="question").set_value(question).run()
    assert not at.exception, at.exception
    return at


def _last_response(at: AppTest) -> dict:
    return at.session_state.messages[-1]["response"]


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_a_question_gets_an_answer_with_each_citation_shown_once_as_a_card(app):
    _ask(app, "我被隔离了，工资怎么算？")
    response = _last_response(app)
    assert not response["abstained"] and response["citations"]
    text = _markdown(app)
    assert "我被隔离了，工资怎么算？" in text
    assert "引用：" not in response["answer"] and "引用：" not in text  # no list of citations in the answer text
    for citation in response["citations"]:
        header = f"**[{citation['n']}]** {escape_markdown(book_title(citation['title']))}"
        assert text.count(header) == 1, header
    opens = [b for b in app.button if b.key and b.key.startswith("open-citation-")]
    assert len(opens) == len(response["citations"])
    assert [e.label for e in app.expander].count("详情：出处与条款原文") == len(response["citations"])
    sources = [c.value for c in app.caption if c.value.startswith("出处：")]
    assert sources and not any(".txt" in s for s in sources), "sources are named in words, not file names"
    assert any('<mark style="background-color:#ffe58f' in m.value for m in app.markdown), "quote highlighted"


def test_a_quoted_list_item_shows_the_sentence_its_list_hangs_from(app):
    _ask(app, "请事假累计20天以上还能休年假吗？")
    first = _last_response(app)["citations"][0]
    assert first["lead_in"] == "第四条 职工有下列情形之一的，不享受当年的年休假："
    assert f"{escape_markdown(first['lead_in'])}……" in [c.value for c in app.caption]


def test_a_merged_documents_card_names_every_source(app):
    _ask(app, "京人社劳字〔2020〕11号第二条怎么规定的")
    sources = [c.value for c in app.caption if c.value.startswith("出处：")]
    assert any("本文件另见：" in s for s in sources), sources  # 11号 is printed in both compilations
    assert all(".txt" not in s for s in sources)


def test_a_follow_up_question_is_understood_from_the_history(app):
    _ask(app, "我被隔离了，工资怎么算？")
    _ask(app, "那病假呢？")
    response = _last_response(app)
    assert response["question"] == "那病假呢？"
    assert response["standalone_question"] != "那病假呢？"
    assert any(c.value.startswith("理解为：") for c in app.caption)
    assert len([m for m in app.session_state.messages if m["role"] == "user"]) == 2


def test_an_unanswerable_question_is_shown_as_an_abstention_with_related_clauses_listed_once(app):
    _ask(app, "京人社劳字〔2020〕99号规定了什么？")  # the corpus has no such notice
    response = _last_response(app)
    assert response["abstained"] and response["related"]
    assert "现有文件中没有京人社劳字〔2020〕99号" in response["answer"]
    assert any("现有文件中没有找到相关规定" in w.value for w in app.warning)
    text = _markdown(app)
    assert "**可能相关**（仅供参考，并非答案）" in text
    assert "以下条文可能相关" not in text, "the related clauses are listed once, as cards"
    opens = [b for b in app.button if b.key and b.key.startswith("open-related-")]
    assert len(opens) == len(response["related"][:5])
    assert "《《" not in text and "》》" not in text


def test_an_invisible_only_question_is_refused_with_a_message(app):
    _ask(app, "\u200b\u200b")
    assert any("问题不能为空" in e.value for e in app.error)


def test_sidebar_filters_restrict_the_cited_documents_and_are_said_in_words(app):
    app.sidebar.selectbox(key="f_region").select("全国").run()
    app.sidebar.checkbox(key="f_notices").check().run()
    said = [c.value for c in app.caption if c.value.startswith("只在这些文件中查找")]
    assert said == ["只在这些文件中查找：地区：全国；只看正式文件"]
    _ask(app, "企业停工停产期间工资怎么发？")
    response = _last_response(app)
    assert response["citations"], response["answer"]
    assert {c["region"] for c in response["citations"]} == {"全国"}
    assert all("京" not in (c["doc_number"] or "") for c in response["citations"])


def test_clearing_the_filters_restores_every_document(app):
    app.sidebar.selectbox(key="f_region").select("全国").run()
    app.button(key="clear-filters").click().run()
    assert app.sidebar.selectbox(key="f_region").value == "全部"
    assert not [c for c in app.caption if c.value.startswith("只在这些文件中查找")]


def test_an_example_question_is_asked_when_clicked(app):
    app.sidebar.button(key="example-律师-0").click().run()
    response = _last_response(app)
    assert response["question"] == "京人社劳字〔2020〕11号第二条怎么规定的"
    assert response["citations"][0]["doc_number"] == "京人社劳字〔2020〕11号"


def test_opening_a_citation_shows_its_document_at_the_clause_and_back_keeps_the_chat(app):
    _ask(app, "我被隔离了，工资怎么算？")
    citation = _last_response(app)["citations"][0]
    app.button(key="open-citation-1-1").click().run()
    assert not app.exception, app.exception
    assert app.query_params["doc"] == citation["doc_id"] and app.query_params["clause"] == citation["clause_id"]
    assert any(book_title(citation["title"]) in s.value for s in app.subheader)
    marked = [m.value for m in app.markdown if "← 引用的条款" in m.value]
    assert len(marked) == 1 and citation["quote"][:10] in marked[0]
    assert any(e.label.startswith("条款目录") for e in app.expander)
    assert not any(".txt" in c.value for c in app.caption), "sources are named in words"

    app.button(key="back").click().run()
    assert not app.query_params.get("doc")
    assert [m["role"] for m in app.session_state.messages] == ["user", "assistant"]
    assert "我被隔离了，工资怎么算？" in _markdown(app)


def test_document_browser_finds_a_document_by_its_number(app):
    app.sidebar.radio(key="view").set_value("文件浏览").run()
    app.text_input(key="doc_search").input("京人社劳字〔2020〕11号").run()
    assert not app.exception, app.exception
    assert [o for o in app.selectbox(key="doc_choice").options if "11号" in o]
    assert any("关于做好疫情防控期间维护劳动关系稳定有关问题的通知" in s.value for s in app.subheader)
    assert any(m.value.startswith('<div id="clause-') for m in app.markdown)


def test_a_statute_article_cited_in_an_answer_links_to_the_circulars_that_cite_it(app):
    _ask(app, "劳动合同法第四十一条规定的裁员情形有哪些？")
    response = _last_response(app)
    assert response["citations"][0]["clause_id"] == "劳动合同法(2012-12-28)#第四十一条"
    assert response["citations"][0]["legal_form"].startswith("《中华人民共和国劳动合同法》第四十一条")
    text = _markdown(app)
    assert "被以下条款引用：" in text
    # 人社厅明电〔2020〕5号 一、: 不得依据劳动合同法第四十条、四十一条与职工解除劳动合同
    assert "?doc=%E4%BA%BA%E7%A4%BE%E5%8E%85%E6%98%8E%E7%94%B5" in text


def test_a_statute_article_quoted_from_the_version_then_in_force_links_to_the_current_text(app):
    _ask(app, "2022年被抽调参加应急救援，单位工资照发吗")
    response = _last_response(app)
    assert response["citations"][0]["clause_id"] == "突发事件应对法(2007-08-30)#第六十一条"
    text = _markdown(app)
    assert "其他版本中的相应条文：" in text and "第九十条" in text


def test_an_earlier_laws_article_in_an_answer_links_to_the_later_law_that_took_it_over(app):
    _ask(app, "劳动法第二十一条对试用期是怎么规定的？")
    assert _last_response(app)["citations"][0]["clause_id"] == "劳动法(2018-12-29)#第二十一条"
    text = _markdown(app)
    assert "后来制定的法律中规定同一事项的条文（二者不一致的，适用后者）：" in text and "第十九条" in text
