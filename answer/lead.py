"""The lead of an answer and the points beside it, chosen among the scored candidates of the whole question.

Which sentence leads: the rule, not the notice explaining it nor a Q&A retelling it; a provision before its own
item; the rule as the document that should speak for it prints it (the national text for a question naming no
place). Which stand beside it: the other place's rule when the meaning retriever also finds it, further sentences
scoring nearly as well that say something else, the notice a quoted one explains. Functions of the candidates,
the documents' facts and the tuning; nothing here searches.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from answer.choose import AUTHORITATIVE, Candidate, same_wording
from answer.compose import Point
from answer.notes import DocumentFacts
from answer.tuning import AnswerTuning
from ingest.clauses import HISTORY, without_label
from ingest.models import document_keys
from ingest.sentences import is_list_item
from lexicon.places import NATIONAL
from retrieval.models import Hit


def is_document(hit: Hit, key: str) -> bool:
    """Whether the hit comes from the document a link's key names (a 文号, a title, a title in 《》)."""
    return key in document_keys(hit.doc_number, hit.title)


def only_its_heading(candidate: Candidate) -> bool:
    """The sentence is the clause's heading and nothing more (三、协商处理疫情防控期间的工资待遇问题; an item's
    3.强化复工复产要素保障。): a title, which states no rule."""
    own = (candidate.hit.heading or "").split(" > ")[-1].strip()
    if not own:
        return False
    # a unit opens with its own number (3.), not with the clause's whole label (一、3.)
    return without_label(candidate.quote).strip(" 。") == own


def stating_rules(candidates: Sequence[Candidate]) -> list[Candidate]:
    """The candidates worth quoting: a clause's heading line is its title, quoted with nothing it governs
    beside it, so it is left out unless nothing else was found; a law's 题注 (adopted, amended) answers only
    who made it and when (``NamedPoints.particulars``)."""
    rules = [c for c in candidates if c.hit.label != HISTORY]
    return [c for c in rules if not only_its_heading(c)] or rules or list(candidates)


def representative(
    best: Candidate,
    candidates: Sequence[Candidate],
    national_first: bool,
    tuning: AnswerTuning,
    follows: Callable[[str, str], bool] = lambda follower, followed: False,
) -> Candidate:
    """The rule the best sentence states, as printed by the document that should speak for it: several
    notices print the same rule in nearly the same words (5号 第一条 and the Beijing notice's 一、（一）1.),
    and a question worded another way must still lead with the same one. The national text when the
    question names no place; else the named place's own; then a notice before a Q&A or news; then the notice
    carrying out another that prints it (``follows``: its preamble names that one), which says who applies where
    and how (京人社就字〔2020〕15号 一、（一）, 为贯彻落实…京政办发〔2020〕7号, before 7号's 13.); the earliest, the
    smallest id — an order that does not depend on the wording of the question."""
    # the best itself always (its score can fall below zero: a sentence of another province's rule)
    near = [c for c in candidates if c is best or c.score >= tuning.second_point_ratio * best.score]
    # another document's printing of it: two provisions of one document worded alike (工伤保险条例 第十四条's 应当认定为工伤
    # and 第十六条's 不得认定为工伤) are two rules, not one printed twice
    family = [
        c
        for c in near
        if c is best or (c.hit.doc_id != best.hit.doc_id and (c.quote == best.quote or same_wording(c.quote, best.quote, overlap=0.8)))
    ]

    printed_by = {c.hit.doc_id for c in family}

    def preference(c: Candidate) -> tuple[int, int, int, str, str]:
        own_place = (c.hit.region == NATIONAL) == national_first
        carries_out = any(follows(c.hit.doc_id, other) for other in printed_by if other != c.hit.doc_id)
        return (
            0 if own_place else 1,
            0 if c.hit.doc_type in AUTHORITATIVE else 1,
            0 if carries_out else 1,
            c.hit.date or "9999",
            c.hit.clause_id,
        )

    return min(family, key=preference)


def whole_question_points(
    best: Candidate,
    candidates: Sequence[Candidate],
    national_first: bool,
    tuning: AnswerTuning,
    follows: Callable[[str, str], bool] = lambda follower, followed: False,
) -> list[Point]:
    """The lead sentence (``best``, as its representative prints it); the best sentence of the other place's
    rules (national beside local) when it scores near the lead, first when it is the rule of where the user
    is (the national rule when the question names no place, the named place's own when it names one);
    further sentences that score nearly as well and say something else."""
    lead = representative(best, candidates, national_first, tuning, follows)
    points = [Point(lead.hit, lead.quote)]
    other_place = next(
        (
            c
            for c in candidates
            if c.hit.region != lead.hit.region
            and c.score >= tuning.other_place_ratio * lead.score
            and fits_beside(c, lead, tuning)
        ),
        None,
    )
    if other_place is not None:
        # the rule of where the user is leads: their named place's own; with no place named, the national
        # rule when it answers about as well (it is a default, not what they told) — not when it leaves out the
        # amount or date asked that the lead states (最晚哪天之前必须补完: 人社部发〔2020〕11号 三、's 缓缴 led before the
        # Beijing notice's 延长至3月底)
        own_rule = (
            (other_place.hit.region == NATIONAL) == national_first
            and other_place.hit.doc_type in AUTHORITATIVE
            and (not national_first or other_place.score >= tuning.national_first_ratio * lead.score)
            and (other_place.states_fact or not lead.states_fact)
        )
        if own_rule and not near_in_meaning(lead, tuning):
            # the displaced lead would stand beside the user's own rule as another place's: it meets that bar too
            points = [Point(other_place.hit, other_place.quote)]
        else:
            points.insert(0 if own_rule else 1, Point(other_place.hit, other_place.quote))
    for c in candidates[1:]:
        if len(points) >= tuning.max_points:
            break
        if c.score < tuning.second_point_ratio * lead.score:
            break
        if c.hit.region != lead.hit.region and not fits_beside(c, lead, tuning):
            continue  # another place's rule beside the lead meets the other-place bar, whichever way it comes
        same_clause = any(c.hit.clause_id == p.hit.clause_id for p in points)
        if same_clause and c.cosine < lead.cosine - tuning.second_point_cosine_gap:
            continue  # another sentence of a quoted clause needs its own evidence of meaning
        if any(repeats(c, p) for p in points):
            continue
        points.append(Point(c.hit, c.quote))
    return points


def repeats(candidate: Candidate, point: Point) -> bool:
    """The candidate says again what a point quotes: the same rule printed by another document in much the same words
    (5号 第一条 and the Beijing notice's 一、（一）1.). Two items of one clause's list share most of their wording and are
    still two rules (劳动法第四十四条's （二） 百分之二百 and （三） 百分之三百)."""
    if candidate.quote == point.quote:
        return True
    items_of_one_list = candidate.hit.clause_id == point.hit.clause_id and is_list_item(candidate.quote) and is_list_item(point.quote)
    return not items_of_one_list and same_wording(candidate.quote, point.quote)


def fits_beside(candidate: Candidate, lead: Candidate, tuning: AnswerTuning) -> bool:
    """Another place's rule may stand beside the lead: the meaning retriever ranks it high too, and its sentence is
    about as near the question as the lead's (a rule for another circumstance can score near it on shared words)."""
    return near_in_meaning(candidate, tuning) and candidate.cosine >= lead.cosine - tuning.other_place_cosine_gap


def near_in_meaning(candidate: Candidate, tuning: AnswerTuning) -> bool:
    """The meaning retriever also ranks the candidate's clause high: words a story shares with another place's
    rule for another circumstance (在家, 出勤) do not make it near the question."""
    rank = candidate.hit.dense_rank
    return rank is not None and rank <= tuning.other_place_dense_depth


def provision_before_its_items(best: Candidate, candidates: Sequence[Candidate], tuning: AnswerTuning) -> Candidate:
    """The best sentence, or, when it is one item of a provision (二、5. of 二、; 一、（二）3. of 一、（二）) and
    the provision's own best sentence scores near it, that one: the provision states the rule its items spell
    out, and which of the two wins a near tie moves with the wording. A provision that prints only its
    heading (三、协商处理…的工资待遇问题) states no rule and does not lead."""
    return next(
        (
            c
            for c in candidates
            if c.hit.doc_id == best.hit.doc_id
            and c.hit.label != best.hit.label
            and best.hit.label.startswith(c.hit.label)
            and c.score >= tuning.provision_first_ratio * best.score
            and not only_its_heading(c)
        ),
        best,
    )


def rule_before_explanation(
    candidates: Sequence[Candidate], facts: Mapping[str, DocumentFacts], tuning: AnswerTuning
) -> Candidate:
    """The best sentence, or, when it comes from a notice explaining another (17号 说明 13号) and the explained
    notice's best sentence scores near it, that one: the rule leads and its explanation follows. A Q&A or a news
    item retelling a rule likewise gives way to a notice or a statute answering nearly as well in much the same words
    (not to one on another matter that scores near it), and, as a 说明 does, to the notice it says it explains (the
    答记者问 on 人社部发〔2020〕11号, whose 问2 led seven probe questions its 一、 answers in other words)."""
    best = candidates[0]
    if best.hit.doc_type not in AUTHORITATIVE:
        # a Q&A or a news item retelling a rule: the rule itself leads when it answers nearly as well and says the same
        retold = next(
            (
                c
                for c in candidates
                if c.hit.doc_type in AUTHORITATIVE
                and c.score >= tuning.retold_rule_ratio * best.score
                and same_wording(c.quote, best.quote, overlap=0.5)
            ),
            None,
        )
        if retold is not None:
            return retold
    explains = facts.get(best.hit.doc_id)
    if explains is None or not explains.clarifies:
        return best
    return next(
        (
            c
            for c in candidates
            if c.score >= tuning.explained_rule_ratio * best.score
            and any(is_document(c.hit, key) for key in explains.clarifies)
        ),
        best,
    )


def related_notice_points(
    points: Sequence[Point], candidates: Sequence[Candidate], facts: Mapping[str, DocumentFacts]
) -> list[Point]:
    """The best sentence of a notice that explains a cited one, or that a cited one explains (17号 on
    13号's 看护未成年子女): the documents themselves say they are read together."""
    cited_docs = {p.hit.doc_id for p in points}
    linked: set[str] = set()
    for doc_id in cited_docs:
        known = facts.get(doc_id)
        if known is not None:
            linked.update(known.clarified_by)
            linked.update(known.clarifies)
    added: list[Point] = []
    for key in linked:
        best = next(
            (
                c
                for c in candidates
                if c.hit.doc_id not in cited_docs
                and is_document(c.hit, key)
                and c.hit.doc_type in AUTHORITATIVE
            ),
            None,
        )
        if best is not None:
            added.append(Point(best.hit, best.quote))
            cited_docs.add(best.hit.doc_id)
    return added
