"""The clauses printing the words a question quotes (``POLICYQA_QUOTED_WEIGHT``, on) as a list of their own in the
fusion: a lawyer quoting a text's words finds it. On the real index of the whole corpus and the real model."""

from __future__ import annotations

import pytest

from retrieval.retriever import Retriever, build_retriever

pytestmark = pytest.mark.integration

# the 2024 text's 第七十三条 prints …实行交通管制、限制人员流动、封闭管理以及其他控制措施 (the 2007 text's 第四十九条 says it
# in other words)
QUOTING = (
    "突发事件应对法关于公共卫生事件发生后政府可采取的应急处置措施中，“限制人员流动、封闭管理”是2007年文本就有的，"
    "还是2024年修订新增的？分别对应哪一条？"
)
PRINTING = "突发事件应对法(2024-06-28)#第七十三条"


@pytest.fixture(scope="module")
def with_quotes(indexed_settings) -> Retriever:
    return build_retriever(indexed_settings)


@pytest.fixture(scope="module")
def without_quotes(indexed_settings) -> Retriever:
    return build_retriever(indexed_settings.model_copy(update={"quoted_weight": 0.0}))


def test_the_clauses_printing_the_quoted_words_come_first(with_quotes: Retriever, without_quotes: Retriever) -> None:
    assert with_quotes.search(QUOTING, k=1)[0].clause_id == PRINTING
    assert without_quotes.search(QUOTING, k=1)[0].clause_id != PRINTING


def test_words_many_clauses_print_are_no_list_of_their_own(with_quotes: Retriever) -> None:
    asked = with_quotes.reader.read("“四方责任”指的是哪四方？")
    assert asked.references.quoted == ("四方责任",)
    assert with_quotes.by_quoted(asked.references, None, []) == []
    printing = with_quotes.by_quoted(with_quotes.reader.read(QUOTING).references, None, [])
    assert printing == [PRINTING]
