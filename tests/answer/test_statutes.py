"""answer/statutes.py: what a statement says of citations that give no article to quote."""

from __future__ import annotations

from answer.statutes import unquotable
from ingest.models import Reference, ReferenceStatus


def _reference(printed: str, status: ReferenceStatus, article: str | None = None) -> Reference:
    return Reference("京人社劳字〔2020〕11号#二、", "京人社劳字〔2020〕11号", printed, "传染病防治法", article, None, status)


def test_a_law_cited_as_a_whole_is_said_to_name_no_article_and_a_missing_law_to_be_missing() -> None:
    said = unquotable(
        [
            _reference("《传染病防治法》", ReferenceStatus.RESOLVED),
            _reference("《突发公共卫生事件应急条例》", ReferenceStatus.LAW_NOT_IN_CORPUS),
            _reference("《传染病防治法》", ReferenceStatus.RESOLVED),
        ]
    )
    assert said == "引用了《传染病防治法》，未指明条文；引用的《突发公共卫生事件应急条例》不在现有文件中"


def test_an_article_the_law_does_not_have_is_said_so_not_said_missing_from_the_corpus() -> None:
    said = unquotable([_reference("《劳动法》第一百二十条", ReferenceStatus.NO_SUCH_ARTICLE, "第一百二十条")])
    assert said == "引用的《劳动法》第一百二十条在现有文件所收的法律文本中没有这一条"
