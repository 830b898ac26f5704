from assistant.conversation import is_follow_up, rewrite_follow_up
from query.models import Turn


def test_follow_up_carries_what_was_asked():
    history = [Turn(role="user", content="我被隔离了，工资怎么算？"), Turn(role="assistant", content="……")]
    standalone = rewrite_follow_up("那病假呢？", history)
    assert "病假" in standalone and "工资" in standalone


def test_follow_up_carries_the_doc_number_and_region():
    history = [Turn(role="user", content="京人社劳字〔2020〕11号第二条怎么规定的")]
    standalone = rewrite_follow_up("那第三条呢？", history)
    assert "京人社劳字〔2020〕11号" in standalone and "第三条" in standalone


def test_a_full_question_is_left_alone():
    history = [Turn(role="user", content="我被隔离了，工资怎么算？")]
    question = "企业申请综合计算工时制度需要什么条件？"
    assert rewrite_follow_up(question, history) == question


def test_without_history_nothing_is_added():
    assert rewrite_follow_up("那病假呢？", []) == "那病假呢？"


def test_short_or_referring_questions_are_follow_ups():
    assert is_follow_up("那北京呢？")
    assert is_follow_up("这个文件什么时候发的")
    assert not is_follow_up("因疫情不能返岗的职工工资怎么支付")
