"""eval/baseline.py: the rule that credits a fixed-size chunk with a gold clause, and the splitter."""

from eval.baseline import chunk_covers, split_text

CLAUSE = (
    "一、每户家庭可有一名职工在家看护未成年子女，视为因政府实施隔离措施或采取其他紧急措施导致不能"
    "提供正常劳动的情形，期间的工资待遇由职工所属企业按出勤照发。"
)


def test_chunk_with_the_clause_opening_covers_it_even_across_a_line_break():
    chunk = "现通知如下：\n一、每户家庭可有一名职工在家看护未成年子女，视为因政府实施隔离\n措施或采取其他紧急措施导致不能"
    assert chunk_covers(chunk, CLAUSE)


def test_chunk_with_only_the_clause_tail_does_not_cover_it():
    assert not chunk_covers("期间的工资待遇由职工所属企业按出勤照发。二、职工看护未成年子女期间", CLAUSE)


def test_short_clause_needs_sixty_percent_of_its_characters_in_a_row():
    short = "3.补贴期限。2020年2月至4月。"  # 18 characters
    assert chunk_covers("……补贴期限。2020年2月至4月。4.申报流程", short)
    assert not chunk_covers("……2020年2月……", short)


def test_splitter_keeps_chunks_near_the_size_and_overlapping():
    text = "。".join(f"第{i}句话讲的是疫情期间的工资待遇问题" for i in range(200))
    chunks = split_text(text, chunk_size=600, overlap=100)
    assert len(chunks) > 5
    assert all(len(c) <= 600 for c in chunks)
    assert chunks[0][-50:] in chunks[1] or chunks[1][:30] in chunks[0]
