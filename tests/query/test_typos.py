"""query/typos.py: slips of the input method read as the lexicon's terms they sound like, and nothing else."""

import pytest

from lexicon import load_lexicon
from lexicon.places import load_gazetteer
from lexicon.words import user_words
from query.question import QuestionReader
from query.typos import TypoCorrector, lexicon_terms

# what the corpus prints, as the index's statistics would say it (网上办理 holds 上办)
PRINTED = "职工可以通过网上办理失业保险金申领。"


@pytest.fixture(scope="module")
def corrector() -> TypoCorrector:
    return TypoCorrector(lexicon_terms(load_lexicon()), user_words(), lambda text: text in PRINTED)


def test_a_run_sounding_like_one_term_is_read_as_it(corrector) -> None:
    assert corrector.correct("老板一直说等疫情过了再签和同") == "老板一直说等疫情过了再签合同"
    assert corrector.correct("hr又说先拿年价抵") == "hr又说先拿年假抵"
    assert corrector.correct("公司说按病价算，病价工资就给我发了几百块") == "公司说按病假算，病假工资就给我发了几百块"
    # the syllables kept, the tone of a later character not: an input method shows every tone of a syllable
    assert corrector.correct("一直请病加在家治") == "一直请病假在家治"
    # a run of three sounding like a term but for its first tone (实业金 shí, 失业金 shī) is a slip too
    assert corrector.correct("被裁以后想领实业金") == "被裁以后想领失业金"


def test_words_of_their_own_are_not_slips(corrector) -> None:
    # part of a dictionary word (同事), a dictionary word (公式), a phrase the corpus prints (网上办)
    for text in ("我和同事都被隔离了", "日工资折算公式是什么", "能不能网上办"):
        assert corrector.correct(text) == text
    # a negation is not the start of the term it sounds like: 不交 (bù jiāo) is not 补缴 (bǔ jiǎo)
    assert corrector.correct("住房公积金能不能先缓一缓不交？") == "住房公积金能不能先缓一缓不交？"


def test_the_reader_reads_the_term_and_keeps_what_was_typed(corrector) -> None:
    reader = QuestionReader(load_lexicon(), load_gazetteer(), corrector=corrector)
    question = reader.read("老板一直不跟我签和同，能要双倍工资吗？")
    assert question.text == "老板一直不跟我签合同，能要双倍工资吗？"
    assert question.asked == "老板一直不跟我签和同，能要双倍工资吗？"
