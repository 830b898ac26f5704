"""What a question asks: its parts when it asks several things, and the kind of fact a part wants."""

from __future__ import annotations

import re

# what kind of fact a part of a question asks for, and how a sentence that states it reads
_ASKED_FACTS = (
    (  # a date or a deadline
        re.compile(r"什么时候|何时|几号|几月|哪天|截止|之前申请|到什么时候|从几月"),
        re.compile(r"\d+\s*月\s*\d+\s*日|\d+\s*月\s*(底|前|份|末|至|起)|月底|年底|之日起|工作日"),
    ),
    (  # a length of time
        re.compile(r"多久|多长时间|期限|时限|几个月|几天"),
        re.compile(
            r"(?<!\d)\d{1,3}\s*(个月|天|日|年|个工作日)|[一二三四五六七八九十]+个(月|工作日)|\d+\s*月(底|末)"
        ),
    ),
    (  # a figure
        re.compile(r"多少|几成|比例|标准|最高|上限|多大|几个"),
        # a figure with its unit: a 文号 (〔2020〕11号) or a year is not one
        re.compile(
            r"\d+(\.\d+)?\s*(元|%|％|倍|个月|人|天|日|平方米|米|万)|百分之|[一二三四五六七八九十两半]+(个月|倍|人|天|元)|减半|全额"
        ),
    ),
    (  # where and how to apply
        re.compile(r"在哪|哪里|去哪|怎么申请|如何申请|流程|怎么办理|如何办理|手续|材料|怎么操作|怎么报"),
        re.compile(r"登录|网上|平台|窗口|经办机构|填写|报送|网站|系统|APP|App|https?:"),
    ),
)


def asked_fact(part: str) -> re.Pattern[str] | None:
    """How a sentence that answers ``part`` reads (a date for 几号之前, a figure for 多少), if it asks one."""
    return next((says for asks, says in _ASKED_FACTS if asks.search(part)), None)


def question_parts(question: str) -> list[str]:
    """The parts of a question that asks several things: split at its question marks and semicolons
    (a statement before the question, 我在北京工作。…, stays with it), or, in one sentence, a closing
    clause that asks a fact of its own (…综合计算工时，去哪申请)."""
    parts = [p.strip(" ，,。！!") for p in re.split(r"[？?；;]", question)]
    parts = [p for p in parts if len(re.findall(r"[\u4e00-\u9fff]", p)) >= 2]  # 年假呢？ is a part
    if len(parts) > 1:
        return parts
    head, _, tail = re.sub(r"[,，]", "，", question.rstrip("？?。！! ")).rpartition("，")
    if head and asked_fact(tail) and len(re.findall(r"[\u4e00-\u9fff]", head)) >= 4:
        return [head, tail]
    return [question]
