"""An answer as chat markdown: [n] markers in the text, a reference list with legal form and quote, the notes;
streamed piece by piece it reads exactly like the whole answer."""

from __future__ import annotations

import pytest

from answer.models import AskResponse, Citation
from retrieval.models import SourceRef
from serve.cited_markdown import (
    CHECKED_ANSWER_HEADING,
    ChatAnswerStream,
    MarkdownText,
    render_answer,
)

LEGAL_FORM = "《关于做好疫情防控期间维护劳动关系稳定有关问题的通知》（京人社劳字〔2020〕11号）第二条"
QUOTE = "隔离、医学观察期间的工资待遇由所属企业按正常工作期间工资支付。"
TEXT = f"根据{LEGAL_FORM}：{QUOTE}[1]\n要点：\n- 企业应当视同提供正常劳动并支付其工资。[2]"
PLAIN_LIST = f"\n\n引用：\n[1] {LEGAL_FORM}\n[2] 《关于进一步做好…的通知》第一条"


def citation(n: int, quote: str = QUOTE, legal_form: str = LEGAL_FORM) -> Citation:
    return Citation(
        n=n,
        clause_id=f"京人社劳字〔2020〕11号#{n}",
        doc_id="京人社劳字〔2020〕11号",
        doc_number="京人社劳字〔2020〕11号",
        title="关于做好疫情防控期间维护劳动关系稳定有关问题的通知",
        issuer=["北京市人力资源和社会保障局"],
        date="2020-01-23",
        label="二、",
        quote=quote,
        legal_form=legal_form,
        source=SourceRef(file="002.txt", line_start=140, line_end=146),
    )


def answered(text: str = TEXT + PLAIN_LIST) -> AskResponse:
    return AskResponse(
        question="我被隔离了，工资怎么算？",
        standalone_question="我被隔离了，工资怎么算？",
        answer=text,
        abstained=False,
        citations=[citation(1), citation(2, quote="企业应当视同提供正常劳动\n并支付其工资。")],
        notes=["本规定适用于北京市。"],
    )


def test_the_answer_keeps_its_markers_and_lines_and_lists_each_citation_with_its_quote():
    markdown = render_answer(answered())
    body, references = markdown.split("\n\n**引用**\n\n")
    assert body == TEXT.replace("\n", "  \n")  # hard breaks: the answer's lines stay lines
    assert references.split("\n\n") == [
        f"[1] {LEGAL_FORM}\n> {QUOTE}",
        f"[2] {LEGAL_FORM}\n> 企业应当视同提供正常劳动\n> 并支付其工资。",
        "注：本规定适用于北京市。",
    ]


def test_a_quoted_list_item_is_listed_under_the_sentence_leading_into_its_list():
    item = citation(1, quote="(二)职工请事假累计20天以上且单位按照规定不扣工资的；").model_copy(
        update={"lead_in": "第四条 职工有下列情形之一的，不享受当年的年休假："}
    )
    response = answered().model_copy(update={"citations": [item]})
    references = render_answer(response).split("\n\n**引用**\n\n")[1]
    assert references.startswith(
        f"[1] {LEGAL_FORM}\n> 第四条 职工有下列情形之一的，不享受当年的年休假：……\n> (二)职工请事假累计20天以上且单位按照规定不扣工资的；"
    )


def test_the_plain_citation_list_of_the_answer_text_is_not_repeated():
    markdown = render_answer(answered())
    assert "引用：" not in markdown
    assert markdown.count(f"[1] {LEGAL_FORM}") == 1


def test_an_abstention_has_no_reference_list_but_keeps_its_notes():
    response = AskResponse(
        question="火星上的工资怎么算",
        standalone_question="火星上的工资怎么算",
        answer="现有文件中没有找到相关规定。以下条文可能相关：\n- 《关于…的通知》第二条",
        abstained=True,
        citations=[],
        notes=["可以换个说法再问。"],
    )
    assert render_answer(response) == (
        "现有文件中没有找到相关规定。以下条文可能相关：  \n- 《关于…的通知》第二条\n\n注：可以换个说法再问。"
    )


def test_markup_in_document_text_is_shown_literally():
    assert (
        MarkdownText().feed("# 第*一*条 <b>_x_</b> `y`\n> 引")
        == "\\# 第\\*一\\*条 \\<b>\\_x\\_\\</b> \\`y\\`  \n\\> 引"
    )


def _streamed(response: AskResponse, pieces: list[str]) -> str:
    stream = ChatAnswerStream()
    return "".join(stream.piece(piece) for piece in pieces) + stream.finish(response)


def test_a_streamed_answer_is_the_same_markdown_wherever_the_pieces_split():
    response = answered()
    whole = render_answer(response)
    text = response.answer
    for cut in range(len(text) + 1):  # one cut inside the plain list's "\n\n引用：" too
        assert _streamed(response, [text[:cut], text[cut:]]) == whole, cut
    points = [TEXT.split("\n")[0], "\n要点：", "\n- 企业应当视同提供正常劳动并支付其工资。[2]", PLAIN_LIST]
    assert _streamed(response, points) == whole


def test_a_stream_of_the_text_without_its_citation_list_is_completed_by_the_references():
    response = answered()
    assert _streamed(response, [TEXT]) == render_answer(response)


@pytest.mark.parametrize("draft", ["隔离期间工资照发[3]。", TEXT + "另外，公司可以不发工资。"])
def test_a_draft_that_differs_from_the_checked_answer_is_followed_by_the_checked_answer(draft: str):
    response = answered()
    streamed = _streamed(response, [draft])
    shown, checked = streamed.split(CHECKED_ANSWER_HEADING)
    assert shown == MarkdownText().feed(draft)
    assert checked == render_answer(response)
