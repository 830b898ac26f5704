"""lexicon/grammar.py: the one 文号 grammar and Chinese numerals."""

from lexicon.grammar import chinese_numeral, find_doc_numbers, han_count, numeral_value


def test_doc_numbers_are_found_with_any_bracket_and_spacing_and_normalised():
    refs = find_doc_numbers("按照人社部发[2020]8 号和京人社劳字〔2020〕11号执行")
    assert [r.normalized for r in refs] == ["人社部发〔2020〕8号", "京人社劳字〔2020〕11号"]


def test_an_announcement_is_numbered_by_year():
    assert [r.normalized for r in find_doc_numbers("财政部 税务总局公告2020年第8号")] == ["财政部税务总局公告〔2020〕8号"]


def test_chinese_numerals_read_both_ways():
    assert [numeral_value(x) for x in ("二十三", "十", "两", "一百零七", "40")] == [23, 10, 2, 107, 40]
    assert [chinese_numeral(n) for n in (10, 23, 98)] == ["十", "二十三", "九十八"]


def test_han_count_ignores_digits_and_punctuation():
    assert han_count("第40条，2020年") == 3
