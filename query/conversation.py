"""Follow-up questions ("那病假呢？") rewritten into standalone ones from the conversation so far."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from lexicon import Lexicon
from lexicon.grammar import ARTICLE_LABEL, CN_DIGITS, PARAGRAPH_LABEL, find_doc_numbers, han_count
from lexicon.places import Gazetteer, Place
from query.models import Turn
from query.parts import asking_clause
from query.references import References, read_references

_TITLE = re.compile(r"《([^《》]{4,80})》")
_ARTICLE = re.compile(ARTICLE_LABEL)
_PARAGRAPH = re.compile(PARAGRAPH_LABEL)
# a follow-up opening by pointing at what the previous answer said (这个天数…, 这个200%…, 那个规定…)
_POINTING = re.compile(r"^(?:那么?)?(?:这个|这项|这笔|这种|这些|那个|那项|那笔|该)")
# a law's own title, not a notice's (《中华人民共和国突发事件应对法》, 《…若干问题的解释》, 《…实施办法》)
_LAW_TITLE = re.compile(r"(?:法|条例|规定|办法|解释)(?:（[一二三四五六七八九十]+）)?$")
# the lead citation as the extractive answer writes it: 根据《title》（文号）（2007年）第四十九条, 根据《title》（文号）第三条第（六）项
_LEAD_ARTICLE = re.compile(rf"根据《[^《》]+》((?:（[^（）]*）)*)({ARTICLE_LABEL}(?:第（[{CN_DIGITS}]+）项)?)")
_VERSION_YEAR = re.compile(r"（((?:19|20)\d\d)年）")


def _aspects(text: str, lexicon: Lexicon) -> list[str]:
    return list(dict.fromkeys(m.group(0) for m in lexicon.follow_up["aspect"].finditer(text)))


def _topic_terms(text: str, lexicon: Lexicon) -> list[str]:
    aspects = set(_aspects(text, lexicon))
    return [term for term in lexicon.synonyms_in(text) if term not in aspects]


def is_follow_up(question: str, lexicon: Lexicon, topic_of: Callable[[str], Sequence[str]] | None = None) -> bool:
    """Whether a question asked after others goes on from them: it opens or points back as a follow-up does (or a
    later clause of it opens so: …，那看病的钱谁出), is a
    few words, asks only what its asking words ask, or is about nothing but a place or the nation (北京有没有具体规定？
    国家层面是怎么规定的？: ``topic_of`` finds no concept of its own)."""
    return bool(
        lexicon.follow_up["opening"].match(question.strip())
        or lexicon.follow_up["then_asks"].search(question)
        or lexicon.follow_up["refers_back"].search(question)
        or lexicon.follow_up["continues"].search(question.strip())
        or han_count(question) <= 8
        or _asks_only(question, lexicon)
        or (topic_of is not None and not topic_of(question))
    )


def tells_without_asking(turn: str, lexicon: Lexicon) -> bool:
    """A turn that tells more of the story and asks nothing (…老板说以后给调休，结果到现在也没安排。 延长的那三天一般理解为
    休息日的延长，不属于法定节假日。): it goes on with the turn before it, and the question after it asks of both."""
    told = turn.strip()
    # (not the asked-fact patterns: a ruling's words, 必须 and 应当, are told as often as asked)
    return bool(told) and not lexicon.follow_up["asks"].search(told)


def _asks_only(question: str, lexicon: Lexicon) -> bool:
    """A question of asking words and little else (什么时候申请？在哪申请？): it names nothing it is about."""
    rest = question
    for fact in lexicon.asked_facts:
        rest = fact.asks.sub("", rest)
    return han_count(rest) <= 4


def rewrite_follow_up(
    question: str,
    history: Sequence[Turn],
    lexicon: Lexicon,
    gazetteer: Gazetteer,
    law_names: Iterable[str] = (),
    topic_of: Callable[[str], Sequence[str]] | None = None,
    said: Callable[[str], bool] | None = None,
) -> str:
    """Carry the previous question's 文号, laws, places, and what was asked (aspect) or its topic into a follow-up; a
    follow-up pointing back at a document (这个文件是哪天发的) carries the one the previous answer led with; a bare
    "X呢" asks the previous question again of X (大企业呢？ after 中小企业社保能免几个月？)."""
    question = lexicon.follow_up["acknowledgement"].sub("", question.strip()) or question.strip()
    last = next((i for i in range(len(history) - 1, -1, -1) if history[i].role == "user"), None)
    points_at_person = bool(lexicon.follow_up["points_at_person"].search(question))
    asked = read_references(question, law_names)
    law_only = _names_only_a_law(question, asked, topic_of)
    names_nothing = not asked.names_document and not asked.laws and not asked.titles
    # an article named without its law or document (第四十条里讲“客观情况发生重大变化”的是第几项？) is of one the
    # conversation has named
    bare_article = bool(asked.article) and names_nothing
    tells_only = tells_without_asking(question, lexicon)
    if last is None or not (
        is_follow_up(question, lexicon, topic_of)
        or points_at_person
        or law_only
        or bare_article
        or tells_only
        or _points_at_an_earlier_matter(question, history, lexicon)
    ):
        return question
    last = _naming_the_matter(question, history, last, lexicon)
    previous = history[last].content.strip()
    # the previous question as it was read: a follow-up itself, it had the turns before it carried in
    read_before = rewrite_follow_up(previous, history[:last], lexicon, gazetteer, law_names, topic_of, said)
    opening = lexicon.follow_up["opening"]
    # 它的第二条原文是什么: the ask without its pronoun is 第二条原文是什么
    core = opening.sub("", question).removeprefix("的").rstrip("？?。 ").removesuffix("呢").removesuffix("吗") or question
    answer = next((t.content for t in reversed(history) if t.role == "assistant"), "")
    lead_article = _lead_article(answer)
    other_version = _other_version_asked(question, core, asked, answer, lexicon, topic_of)
    if other_version:
        return other_version
    if _asks_again(question, core, lexicon):
        return _asked_again_of(core, read_before, lexicon, gazetteer)
    moved_to = _moved_place(question, read_before, lexicon, gazetteer, topic_of)
    if moved_to is not None:
        # 等下我记错了，我其实是在天津的公司上班，不是北京。那天津这边应该怎么算？: the previous question asked again of the
        # place the user now says they are in, as 那天津呢？ asks it
        return _asked_again_of(moved_to, read_before, lexicon, gazetteer)
    bare, told = _bare_then_told(question, gazetteer, topic_of)
    if bare and _asks_again(bare, bare.removesuffix("呢"), lexicon):
        # 那北京呢？我单位在朝阳: the bare ask, the rest only telling where the user is (conversations56 k56-01)
        core_of_bare = opening.sub("", bare).removesuffix("呢") or bare
        return f"{_asked_again_of(core_of_bare, read_before, lexicon, gazetteer)}{told}"
    named = read_references(read_before, law_names)
    # 这是北京的规定吧？全国有没有统一说法？ asks for the nation's rules on the matter, not the document just cited
    asks_national = any(word in question for word in lexicon.national)
    refers_back = lexicon.follow_up["refers_back"].search(question)
    # 那哺乳时间本身法定是每天多长？ asks the law on the matter, not the circular the previous question named
    asks_law = bool(lexicon.follow_up["asks_law"].search(question)) and not refers_back
    carried = (
        []
        if asks_national or asks_law
        else [n.normalized for n in named.doc_numbers] + [f"{number}号文" for _, number in named.short_numbers]
    )
    if not asked.laws and (asked.article or refers_back):
        # 第四十一条呢？ is of the law just asked about; 这条… is that law's article
        for law in named.laws:
            carried += [law.name, *([] if asked.article else law.articles)]
    of_a_named_law = [law for law in named.laws if bare_article and f"第{asked.article}条" in law.articles]
    if of_a_named_law:
        # 第四十条里讲…是第几项 after a question citing 劳动合同法第四十条 in a notice: that law's article, not the notice's
        carried = [of_a_named_law[0].name]
    # a clause label alone (第三条说的是什么？) is of the document the conversation is about, as 它的第二条 is
    label_only = bool(asked.article or asked.sub) and names_nothing
    # 这个200%是哪条法律规定的, 这个天数是哪个法规定的: the law behind the rule the previous answer led with, which names no
    # document or law of its own (conversations56 k56-12, conversations56b k56b-03 and k56b-14)
    asked_basis = getattr(lexicon.asked_fact(core), "kind", None) == "basis" and bool(_POINTING.match(question))
    if (refers_back or label_only or (asked_basis and names_nothing)) and not carried and not asks_national:
        # 这个文件是哪天发的, 它的第二条: the document the previous answer led with, by its 文号 or else its title
        carried += _lead_document(answer)
        if asked_basis and not refers_back and not label_only:
            carried += lead_article
    paragraph = _PARAGRAPH.search(core)
    if label_only and paragraph and not asked.article and lead_article and not any(_ARTICLE.search(c) for c in carried):
        # 第三款呢？: a 款 is always of some article, here the one the previous answer led with (第十二条第三款)
        core = f"{core[: paragraph.start()]}{_ARTICLE.search(lead_article[0]).group(0)}{core[paragraph.start():]}"  # type: ignore[union-attr]
    law_without_article = bool(asked.laws) and not any(law.articles for law in asked.laws)
    if law_without_article and not carried and (law_only or lexicon.follow_up["asks_article"].search(question)):
        # 这个200%是劳动法里哪一条规定的, 劳动合同法里原文怎么说: the article behind the rule the previous answer led with, that
        # rule carried (not when the answer led with a law's own article: 那劳动法里是哪一条 asks of the law named)
        lead = _lead_document(answer)
        if lead and not read_references(lead[0], law_names).laws:
            # (通知第三条说按劳动法安排补休，劳动法具体是哪一条: the rule's article the user names, not the one the answer led with)
            carried += [*lead, *([] if asked.article else lead_article)]
    if refers_back and not asked.article and not any(_ARTICLE.search(c) for c in carried):
        # 把那条第（四）项原文给我: the article the previous answer led with, of the law or document carried
        carried += lead_article if carried and lexicon.follow_up["points_at_article"].search(question) else []
    carried = [n for n in carried if n not in question]
    # a follow-up naming where the user works (那北京呢，隔离完了能上班吗) asks of that place instead of the previous one
    own_places = gazetteer.find_own(question, lexicon.elsewhere)
    if not own_places and not asks_national:
        # (a follow-up asking the nation's rules, 那国家层面是怎么规定的, does not keep the previous question's place)
        # (not a place the previous question named as not the user's: 派去武汉出差 after 我在北京上班 keeps 北京 only)
        carried += [p.short for p in gazetteer.find_own(previous, lexicon.elsewhere) if p.short not in question and p.name not in question]
    own = _topic_terms(question, lexicon)
    asks_own = lexicon.asked_fact(core) is not None
    # a follow-up of a few words asking only what its asking words ask (要提交什么材料？) has no topic of its own
    has_topic = bool(own) or (han_count(opening.sub("", question)) > 6 and not asks_own)
    # …。那公司能辞退我吗: a turn telling more of the story and then asking with 那 goes on with the story told before
    then_asks = bool(lexicon.follow_up["then_asks"].search(question))
    if not has_topic or refers_back or points_at_person or tells_only or then_asks or lexicon.follow_up["continues"].search(question):
        # the previous question's topic as the reader reads any question's (its concepts), else its lexicon words
        topic = [*(topic_of(previous) if topic_of else ()), *_topic_terms(previous, lexicon)]
        told_before = tells_without_asking(previous, lexicon)
        if topic_of and read_before != previous and (told_before or not topic or not topic_of(question)):
            # a follow-up naming no concept of its own after another follow-up (那到岗的人上下班有啥要求？ after
            # 到岗人数有上限吗？, both of 居家办公), or after one that had no topic of its own (那我能主张什么？ after 公司这么做
            # 合法麽？), or after a turn that only told more of the story (…结果到现在也没安排): the matter the earlier one
            # carried as well
            topic += topic_of(read_before)
        # a word of the story no clause says (机加工, 现金流, 物业公司) is not carried: no clause can match it, and beside a
        # follow-up's own few words it outweighs them (那公积金呢？也能先不交吗 after a story of a 顺义 machine shop)
        carried += [
            t
            for t in dict.fromkeys(topic)
            if t not in question
            and not _replaced(t, question, lexicon)
            and not ((asks_law or of_a_named_law) and find_doc_numbers(t))
            and (said is None or said(t))
        ]
    # what was asked (多少, 怎么申请) is carried only into a follow-up asking nothing of its own (它的第二条原文是什么
    # after 文号是多少 asks the text, not an amount); what it was asked about (工资, 补贴) always
    carried += [
        a for a in _aspects(previous, lexicon) if a not in question and not (asks_own and lexicon.asked_fact(a) is not None)
    ]
    # what is carried comes first: the ask stays at the end, where the question reader looks for it
    return f"{' '.join(dict.fromkeys(carried))}，{core}" if carried else question


def _names_only_a_law(question: str, asked: References, topic_of: Callable[[str], Sequence[str]] | None) -> bool:
    """Whether a question names a law without an article and nothing else it is about (劳动合同法里原文怎么说？
    调解仲裁法原文是怎么规定的？ after an answer quoting a circular citing that law: conversations56 k56-08, k56-14)."""
    if topic_of is None or not asked.laws or any(law.articles for law in asked.laws):
        return False
    rest = question
    for law in asked.laws:
        rest = rest.replace(law.name, "，")
    return not topic_of(rest)


def _other_version_asked(
    question: str,
    core: str,
    asked: References,
    answer: str,
    lexicon: Lexicon,
    topic_of: Callable[[str], Sequence[str]] | None,
) -> str | None:
    """A follow-up asking the article the previous answer led with in another text of its law (那2024年新法里呢？
    修订后的呢？ 那2020年的解释（一）里是第几条？), as the standalone question of that article's counterpart: 《law》（2007年）
    第六十一条在2024年文本中对应哪一条. None when the answer did not lead with a law's article, or the follow-up names an
    article or a matter of its own, or no other text: no year but the lead's, and no word for a newer or older one."""
    found = _LEAD_ARTICLE.search(answer)
    title = _TITLE.search(answer)
    if found is None or title is None or asked.article or any(law.articles for law in asked.laws):
        return None
    version_word = lexicon.follow_up["names_version"]
    if not _LAW_TITLE.search(title.group(1)) or (topic_of is not None and topic_of(version_word.sub("", core))):
        return None
    printed = _VERSION_YEAR.search(found.group(1))
    numbers = find_doc_numbers(found.group(1))
    lead_year = int(printed.group(1)) if printed else (int(numbers[0].year) if numbers else None)
    named_years = (int(m.group(1)) for m in lexicon.follow_up["version_year"].finditer(question))
    other_years = [year for year in named_years if year != lead_year]
    word = version_word.search(question)
    if not other_years and word is None:
        return None
    if other_years:
        text = f"{other_years[0]}年文本"
    else:
        text = word.group(0) + ("的文本" if word.group(0).endswith(("后", "前", "行")) else "")  # type: ignore[union-attr]
    version = f"（{printed.group(1)}年）" if printed else ""
    document = numbers[0].normalized if numbers else f"《{title.group(1)}》"
    # the 款 the lead quoted (（2007年）第六十一条第三款): of an article the new text split, the part holding it is asked
    paragraph = _PARAGRAPH.match(answer, found.end())
    return f"{document}{version}{found.group(2)}{paragraph.group(0) if paragraph else ''}在{text}中对应哪一条"


def _pointed_matter(question: str, lexicon: Lexicon) -> str | None:
    """The noun a demonstrative points at (这个补助 -> 补助, 这种区域 -> 区域); None when there is none, or when it points
    at a document or a rule (这个文件, 这个要求: the previous answer's, refers_back)."""
    pointed = lexicon.follow_up["points_at_matter"].search(question)
    if pointed is None or any(
        back.start() < pointed.end() and pointed.start() < back.end()
        for back in lexicon.follow_up["refers_back"].finditer(question)
    ):
        return None
    return pointed.group("noun")


def _points_at_an_earlier_matter(question: str, history: Sequence[Turn], lexicon: Lexicon) -> bool:
    """Whether the question points with a demonstrative at a matter an earlier question named (规定里这种区域的单位最多
    能让多少人到岗？ after …被划进居家办公区域了: probe k54-19), though it names words of its own."""
    noun = _pointed_matter(question, lexicon)
    return noun is not None and any(t.role == "user" and noun in t.content for t in history)


def _naming_the_matter(question: str, history: Sequence[Turn], last: int, lexicon: Lexicon) -> int:
    """The earlier question a follow-up goes on with: the previous one, unless the follow-up points at a matter by
    its noun (这个补助, 刚才那个补贴) that only an earlier question names (临时性工作补助 … after 能算工伤不); then the latest of
    those. Pointing at a document or a rule (这个文件, 这个要求) is the previous answer's, and stays with the previous
    question."""
    noun = _pointed_matter(question, lexicon)
    if noun is None or noun in history[last].content:
        return last
    naming = [i for i in range(last - 1, -1, -1) if history[i].role == "user" and noun in history[i].content]
    return naming[0] if naming else last


def _replaced(term: str, question: str, lexicon: Lexicon) -> bool:
    """Whether the follow-up names another word of the term's kind (conversation.tsv alternative rows): 工伤 in
    那如果是工伤呢 takes the place of 隔离."""
    return any(
        kind.search(term) and any(m.group(0) not in term and term not in m.group(0) for m in kind.finditer(question))
        for role, kind in lexicon.follow_up.items()
        if role.startswith("alternative")
    )


def _bare_then_told(
    question: str, gazetteer: Gazetteer, topic_of: Callable[[str], Sequence[str]] | None
) -> tuple[str, str]:
    """A follow-up's first clause when it closes with 呢 and the rest names nothing it is about but places (那北京呢？
    我单位在朝阳 -> 那北京呢, 我单位在朝阳); ("", "") otherwise."""
    found = re.match(r"^(.+?呢)[？?，,。！!]\s*(\S.*)$", question.strip())
    if found is None or topic_of is None:
        return "", ""
    places = gazetteer.find(found.group(2))
    rest = _without_places(found.group(2), places)
    return (found.group(1), f"（{found.group(2).rstrip('？?。！! ')}）") if places and not topic_of(rest) else ("", "")


def _without_places(text: str, places: Sequence[Place]) -> str:
    """``text`` with each of ``places`` cut out, by name and by short name, so its concepts are what else it names."""
    for place in places:
        text = text.replace(place.name, "，").replace(place.short, "，")
    return text


def _moved_place(
    question: str,
    read_before: str,
    lexicon: Lexicon,
    gazetteer: Gazetteer,
    topic_of: Callable[[str], Sequence[str]] | None,
) -> str | None:
    """The place a follow-up moves the previous question to when it says nothing else of its own: it names where the
    user is, a place the previous question did not in place of the one it did (or of the nation), and every other matter
    it names the previous question names too, its ask naming none (我其实是在天津的公司上班，不是北京。那天津这边应该怎么算？
    after …我在北京上班，这几天有加班费吗？). None otherwise."""
    if topic_of is None:
        return None
    own = [p for p in gazetteer.find_own(question, lexicon.elsewhere) if p.short not in read_before and p.name not in read_before]
    moved_from = gazetteer.find_own(read_before, lexicon.elsewhere) or [w for w in lexicon.national if w in read_before]
    if not own or not moved_from:
        return None
    rest = _without_places(question, gazetteer.find(question))
    # (那北京呢，隔离完了能上班吗 asks a matter of its own, though the previous question named it too)
    asks_of_its_own = bool(topic_of(asking_clause(re.split(r"[？?]", rest.rstrip("？? "))[-1])))
    return own[0].short if not asks_of_its_own and all(word in read_before for word in topic_of(rest)) else None


def _asks_again(question: str, core: str, lexicon: Lexicon) -> bool:
    """A bare "X呢？" (那大企业呢？ 湖北呢？): a few words, nothing asked of their own."""
    return question.rstrip("？?。 ").endswith("呢") and han_count(core) <= 8 and lexicon.asked_fact(core) is None


def _asked_again_of(core: str, read_before: str, lexicon: Lexicon, gazetteer: Gazetteer) -> str:
    """The previous question asked of X instead: X put in place of the previous question's place or the word of the
    same kind (conversation.tsv ``alternative`` rows: 中小企业 / 大企业, 隔离 / 病假), or its article (第四十一条呢？
    after 劳动合同法第四十条是什么？); else X put before it."""
    article, article_before = _ARTICLE.search(core), _ARTICLE.search(read_before)
    if article and article_before:
        return read_before.replace(article_before.group(0), article.group(0), 1)
    # the place the user was in, not a home town the previous question also named (我从湖北回常德打工)
    places, places_before = gazetteer.find(core), gazetteer.find_own(read_before, lexicon.elsewhere) or gazetteer.find(read_before)
    if places and places_before:
        before = places_before[0]
        written = before.name if before.name in read_before else before.short
        return read_before.replace(written, places[0].short, 1)
    national = [word for word in sorted(lexicon.national, key=len, reverse=True) if word in read_before]
    if places and national:
        # 那北京呢？ after 国家对这个有规定没？: the same asked of the place's rules, not the nation's
        return read_before.replace(national[0], places[0].short, 1)
    for role, kind in lexicon.follow_up.items():
        if not role.startswith("alternative"):
            continue
        own, earlier = kind.search(core), kind.search(read_before)
        if own and earlier and own.group(0) != earlier.group(0):
            return read_before.replace(earlier.group(0), own.group(0), 1)
    return f"{core}，{read_before}"


def _lead_article(answer: str) -> list[str]:
    """The article the answer's lead citation names (根据《…》（…）第四十九条：): what 那条 points at; of a law held in
    several versions, with the version it cites (（2007年）第六十四条: 新法对应的是第几条 asks the other one's)."""
    found = _LEAD_ARTICLE.search(answer)
    if not found:
        return []
    version = _VERSION_YEAR.search(found.group(1))
    if version is None:
        return [found.group(2)]
    # of a law held in several texts, the 款 it quoted (（2007年）第六十一条第三款): of an article the other text split, the
    # part holding that 款 is its counterpart
    paragraph = _PARAGRAPH.match(answer, found.end())
    return [f"（{version.group(1)}年）{found.group(2)}{paragraph.group(0) if paragraph else ''}"]


def _lead_document(answer: str) -> list[str]:
    """The document an answer cites first: its first 文号, or, when it names a document without one first, that
    document's title in 《》."""
    numbers = find_doc_numbers(answer)
    title = _TITLE.search(answer)
    if numbers and (title is None or answer.find(numbers[0].core) < title.end() + 16):
        return [numbers[0].normalized]
    return [f"《{title.group(1)}》"] if title else []
