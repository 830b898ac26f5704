"""lexicon/: the data files load, and a malformed row says which file and row."""

import shutil
from pathlib import Path

import pytest

from lexicon import LEXICON_DIR, load_lexicon


def test_the_lexicon_loads_its_files() -> None:
    lexicon = load_lexicon()
    assert lexicon.forms("带娃")[0] == "带娃" and "看护未成年子女" in lexicon.forms("带娃")
    assert "合法" in lexicon.framing and "国家" in lexicon.national
    assert lexicon.asked_fact("几号之前申请").kind == "date"
    assert "一次性社会保险补贴" in lexicon.terms


def test_a_malformed_synonym_row_is_reported_with_its_file(tmp_path: Path) -> None:
    for name in ("framing.txt", "national.txt", "asked_facts.tsv", "conversation.tsv", "english.tsv"):
        shutil.copy(LEXICON_DIR / name, tmp_path / name)
    (tmp_path / "synonyms.tsv").write_text("带娃 看护未成年子女\n", encoding="utf-8")  # a space, not a tab
    with pytest.raises(ValueError, match="synonyms.tsv"):
        load_lexicon(tmp_path)


def test_a_synonym_with_a_third_column_is_said_only_beside_one_of_its_words(tmp_path: Path) -> None:
    for name in ("framing.txt", "national.txt", "asked_facts.tsv", "conversation.tsv", "english.tsv", "elsewhere.txt"):
        shutil.copy(LEXICON_DIR / name, tmp_path / name)
    (tmp_path / "synonyms.tsv").write_text("带娃\t看护未成年子女\n病休\t停工留薪期\t伤|工商\n", encoding="utf-8")
    lexicon = load_lexicon(tmp_path)
    assert lexicon.synonyms_in("工伤病休期间带娃") == ["带娃", "病休"]
    assert lexicon.synonyms_in("感冒病休期间带娃") == ["带娃"]
    # however the word is found (jieba may tag it a noun), its forms need the word beside it too
    assert lexicon.forms("病休", "工伤病休") == ("病休", "停工留薪期") and lexicon.forms("病休", "感冒病休") == ("病休",)
    (tmp_path / "synonyms.tsv").write_text("病休\t停工留薪期\t\n", encoding="utf-8")  # an empty third column
    load_lexicon.cache_clear()
    with pytest.raises(ValueError, match="synonyms.tsv"):
        load_lexicon(tmp_path)


def test_a_malformed_english_row_is_reported_with_its_file(tmp_path: Path) -> None:
    for name in ("synonyms.tsv", "framing.txt", "national.txt", "asked_facts.tsv", "conversation.tsv"):
        shutil.copy(LEXICON_DIR / name, tmp_path / name)
    (tmp_path / "english.tsv").write_text("close contact\n", encoding="utf-8")  # no Chinese
    with pytest.raises(ValueError, match="english.tsv"):
        load_lexicon(tmp_path)


def test_english_words_mixed_into_a_question_are_read_whole_in_any_case_the_longer_phrase_first() -> None:
    lexicon = load_lexicon()
    assert lexicon.chinese_of_english("被判成Close  Contact了，HR说把我fire掉") == ("密切接触者", "单位", "辞退")
    assert lexicon.chinese_of_english("年底的year-end bonus还发吗") == ("年终奖",)
    # inside a longer English word it is not that word: firewall is not fire, current not rent
    assert lexicon.chinese_of_english("公司的firewall和current account") == ()
    assert lexicon.english_in_chinese("3月的payslip上") == "3月的工资条上"


def test_an_elsewhere_line_without_its_place_is_reported_with_its_file(tmp_path: Path) -> None:
    for name in ("synonyms.tsv", "framing.txt", "national.txt", "asked_facts.tsv", "conversation.tsv", "english.tsv"):
        shutil.copy(LEXICON_DIR / name, tmp_path / name)
    (tmp_path / "elsewhere.txt").write_text("老家\n", encoding="utf-8")  # no {place}
    with pytest.raises(ValueError, match="elsewhere.txt"):
        load_lexicon(tmp_path)


def test_a_statutes_题注_date_before_施行_states_when_it_took_effect() -> None:
    # conversations55 k55-16: 它是从哪天开始施行的 answered with 2001年4月30日 施行 quoted, and then 现有文件未载明…施行日期
    asked = load_lexicon().asked_fact("它是从哪天开始施行的？")
    assert asked is not None and asked.kind == "effective"
    assert asked.states.search("2001年4月30日 施行") and asked.states.search("本解释自2021年1月1日起施行")
    # a date the text was adopted or published on is no 施行
    assert not asked.states.search("2001年4月16日 最高人民法院公告公布")


@pytest.mark.parametrize(
    ("asked", "kind"),
    [
        # conversations55b k55b-02: the signature asked, or a choice of issuers, was a date (or nothing) asked
        ("落款是哪天？", "issuer"),
        ("这个通知是国务院发的还是国办发的？", "issuer"),
        ("文末落款日期是哪一天？", "issuer"),
        # conversations55b k55b-13: the newer text of what was just quoted, asked as 新法对应的是第几条 is
        ("现在的新解释呢？表述有没有变化？", "counterpart"),
        ("新法对应的是第几条？", "counterpart"),
        ("那新的通知里怎么规定的？", "text"),
        # statutes59 t59-39 and three more questions of the sets and probes: 百分之几 asks a rate, as 几成 and 比例 do
        ("被派遣劳动者最多能占用工总量的百分之几？", "amount"),
    ],
)
def test_the_signature_and_the_newer_text_are_asked_facts_of_their_own(asked: str, kind: str | None) -> None:
    fact = load_lexicon().asked_fact(asked)
    assert (fact.kind if fact else None) == kind
