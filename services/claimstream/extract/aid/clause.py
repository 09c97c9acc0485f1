"""Clause analysis for aid mentions: the giving verb, its subject and object, and the cues around it.

Each function looks at one trigger's clause in a parsed sentence: whether a request, option, refusal or
question governs it, whether its figure is a running total, whether it is an earlier act.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from claimstream.extract.actors import actor_in_tokens, is_actor_head, is_state
from claimstream.extract.aid import cues
from claimstream.extract.aid.items import EQUIPMENT_HEADS
from claimstream.extract.datelines import in_dateline
from claimstream.extract.doctext import doc_text
from claimstream.extract.lexicon import words
from claimstream.extract.money import find_money

_CLAUSAL = {"conj", "advcl", "ccomp", "parataxis", "relcl"}


def is_trigger(tok: Token) -> bool:
    """A finite or infinitive giving verb (not "give up", not a participle modifying a noun)."""
    if _phrasal(tok):
        return tok.dep_ not in {"amod", "compound", "prep", "mark"} and not (tok.dep_ == "acl" and tok.tag_ == "VBN")
    if cues.act_lemma(tok) not in cues.TRIGGERS or not tok.tag_.startswith("VB"):
        return False
    if any(c.dep_ == "prt" and c.lower_ in {"up", "in", "back", "off", "away"} for c in tok.children):
        return False  # "give up", "give in"
    if tok.lemma_.lower() == "pay" and not any(
        (c.dep_ == "prep" and c.lower_ == "for") or c.ent_type_ == "MONEY" or (c.dep_ == "dobj" and _is_figure(c))
        for c in tok.children
    ):
        return False  # "pay for the tanks" or "pay $X", not "pay tribute" or "pay a visit"
    if tok.lemma_.lower() in cues.NEEDS_AID_DOBJ and not any(
        c.dep_ == "dobj" and c.lemma_.lower() in cues.AID_NOUNS for c in tok.children
    ):
        return False  # "prepared to send" is a readiness; "preparing a package" is a planned act
    if (
        tok.lemma_.lower() in cues.DEBT_RELIEF_VERBS
        and not any(
            (c.dep_ in {"dobj", "nsubjpass"} and (c.lemma_.lower() in cues.DEBT_NOUNS or _figure_of_debt(c)))
            or _gapped_debt_figure(c)
            for c in tok.children
        )
        and not _figure_in_debt(tok)
    ):
        return False  # "will cancel $X of debts" is relief; "cancelled the programme" is no aid
    if tok.lemma_.lower() in cues.MONEY_OBJECT_VERBS and not any(
        c.dep_ == "dobj" and (c.ent_type_ == "MONEY" or _is_figure(c)) for c in tok.children
    ):
        return False  # "he added", "added that …": no figure given
    if tok.lemma_.lower() in cues.WITH_GIVING_VERBS and not _gives_with(tok):
        return False  # "will continue to support Ukraine": no act
    if _replacement_received(tok):
        return False  # "will send its old jets as it receives new ones": what a donor gets back in a swap
    if tok.dep_ in {"prep", "mark"}:
        return False  # "given its record", "provided that …": a participle used as a preposition
    return tok.dep_ not in {"amod", "compound"} and not (tok.dep_ == "acl" and tok.tag_ == "VBN")


def _replacement_received(tok: Token) -> bool:
    """A receiving verb in an adverbial clause of a giving act by the same actor ("A will give R its
    tanks once it receives new ones from B"): the replacement A gets is no aid (AID_GUIDELINES 4, swaps)."""
    head = tok.head
    if (
        tok.dep_ != "advcl"
        or cues.act_lemma(tok) not in cues.RECIPIENT_SIDE_VERBS
        or head.lemma_.lower() not in cues.TRIGGERS
    ):
        return False
    mine, theirs = subject_of(tok), subject_of(head)
    if mine is None or theirs is None:
        return False
    return mine.pos_ == "PRON" or mine.lemma_.lower() == theirs.lemma_.lower()


def _debt_relief(tok: Token, trig: Token) -> bool:
    return tok.i == trig.i and tok.lemma_.lower() in cues.DEBT_RELIEF_VERBS


def _figure_of_debt(obj: Token) -> bool:
    """ "cancel $200 million of R's debt": the object is a figure of a debt."""
    return obj.ent_type_ == "MONEY" and any(
        p.dep_ == "prep" and p.lower_ in {"of", "in"} and any(g.lower_ in cues.DEBT_NOUNS for g in p.children)
        for p in obj.children
    )


def _figure_in_debt(verb: Token) -> bool:
    """ "will cancel 5 billion yen in old loans": a figure object, the debt it is counted in hung on the
    verb by the parse rather than on the figure."""
    figure = any(c.dep_ == "dobj" and c.ent_type_ == "MONEY" for c in verb.children)
    return figure and any(
        p.dep_ == "prep" and p.lower_ == "in" and any(g.lower_ in cues.DEBT_NOUNS for g in p.children)
        for p in verb.children
    )


def _gapped_debt_figure(conj: Token) -> bool:
    """ "A will cancel €X and B €Y of R's debt": the debt hangs on the gapped second giver's figure."""
    return conj.dep_ == "conj" and any(_figure_of_debt(c) for c in conj.children)


def _gives_with(tok: Token) -> bool:
    """ "support R with €X", "help R with tents": a "with" phrase holding a figure or an aid noun."""
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "with":
            for t in prep.subtree:
                if t.ent_type_ == "MONEY" or t.lemma_.lower() in cues.AID_NOUNS or t.lower_ in EQUIPMENT_HEADS:
                    return True
    return False


def _phrasal(tok: Token) -> bool:
    """A phrasal giving verb ("has set aside £X", "made €X available"): the verb with its particle."""
    return tok.tag_.startswith("VB") and any(
        (tok.lemma_.lower(), c.lower_) in cues.PHRASAL_TRIGGERS for c in _particles(tok)
    )


def _particles(tok: Token) -> list[Token]:
    """The particle of a verb as the small model parses it: "set aside" (prt, or the adverb right after),
    "made €X available" (a clause of its own, or a modifier of the object)."""
    out = []
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.dep_ == "quantmod" and (tok.lemma_.lower(), nxt.lower_) in cues.PHRASAL_TRIGGERS:
        out.append(nxt)  # "roll over $2 billion": the parse read the particle as a hedge on the figure
    for c in tok.children:
        adverb = c.dep_ == "advmod" and c.i == tok.i + 1
        clause = c.lower_ == "available" and c.dep_ in {"ccomp", "acomp", "oprd", "xcomp"}
        if c.dep_ == "prt" or adverb or clause:
            out.append(c)
        elif c.dep_ == "dobj":
            out.extend(a for a in c.children if a.lower_ == "available" and a.dep_ == "amod")
    return out


def _is_figure(tok: Token) -> bool:
    """The phrase is a money figure the NER missed ("SEK 100 million"), or a bare figure that takes its
    currency from a figure before it in the sentence ("raised its aid to €40 million, and B added 5
    million")."""
    span = tok.doc[tok.left_edge.i : tok.right_edge.i + 1]
    if find_money(span.text):
        return True
    if not tok.like_num:
        return False
    sent = tok.sent
    return any(m.start == span.start_char for m in find_money(sent.text, sent.start_char))


def in_question(trig: Token, sent: Span) -> bool:
    """The clause ends in a question mark ("Will X provide Y?")."""
    for tok in sent.doc[trig.i : sent.end]:
        if tok.text in {".", "!", "?"}:
            return tok.text == "?"
    return False


_QUOTE_CHARS = {'"', "“", "”"}


def _in_quote(tok: Token) -> bool:
    """The token sits inside quotation marks opened in its paragraph ("We have delivered …," she said)."""
    text = doc_text(tok.doc)
    para_start = text.rfind("\n", 0, tok.idx) + 1
    return sum(text.count(q, para_start, tok.idx) for q in _QUOTE_CHARS) % 2 == 1


def governors(tok: Token) -> list[Token]:
    """The verbs and nouns that govern ``tok``'s clause, nearest first ("announced plans to provide")."""
    chain: list[Token] = []
    cur = tok
    while (
        cur.dep_ in {"xcomp", "ccomp", "acl", "conj", "advcl", "pcomp", "pobj", "prep", "dobj", "attr"}
        and cur.head is not cur
        and len(chain) < 6
    ):
        cur = cur.head
        chain.append(cur)
        if cur.dep_ == "relcl":
            break
    return chain


def complement_chain(tok: Token) -> list[Token]:
    """Governors whose complement the trigger is ("announced that it would provide"), not coordinated verbs."""
    chain: list[Token] = []
    cur = tok
    while cur.dep_ in {"xcomp", "ccomp", "acl", "pcomp", "pobj", "prep", "dobj"} and cur.head is not cur:
        cur = cur.head
        chain.append(cur)
        if len(chain) >= 6:
            break
    return chain


def blocked(trig: Token, chain: list[Token]) -> bool:
    """A request, option, condition, refusal or sale governs the act."""
    announcing = trig.lemma_.lower() in {"announce", "unveil", "present"}
    if _under_talks(trig, chain):
        return True
    for prev, node in zip([None, trig, *chain], [trig, *chain], strict=False):
        if prev is not None and _contrasted(prev, node):
            break  # "will not send weapons, but it has allocated €X": the refusal is the other clause's
        if (
            node is not trig
            and _blocking(node)
            and not (
                (announcing or forecast_of_own_act(node, trig)) and node.lemma_.lower() in {"expect", "anticipate"}
            )
            and not cues.passed_proposal(node)
            and not (node.lemma_.lower() in cues.DEBT_RELIEF_VERBS and is_trigger(node))
        ):
            return True  # but "expected to announce" is a planned act, not an expectation about others
            # (nor is "A will cancel $X in loans" governing B's relief a cancelled plan)
        for child in node.children:
            low = child.lower_
            if child.dep_ == "neg" or (low in {"not", "n't", "never", "no"} and child.dep_ in {"neg", "advmod"}):
                return True
            if low == "no" and child.dep_ == "det" and node is not trig:
                return True  # "has no plans to supply", "no intention of sending"
            if child.tag_ == "MD" and low in cues.HEDGING_MODALS:
                return True
            if child.dep_ == "mark" and low in {"if", "unless", "whether"}:
                return True
            if child.dep_ in {"acomp", "xcomp"} and _blocking(child) and not _debt_relief(child, trig):
                return True  # but "agreed to cancel $X of R's debt" is the relief itself
            if _conditioned(child):
                return True
    if any(c.dep_ == "dobj" and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children) for c in trig.children):
        return True  # "announced no new money, saying it had already paid …", "offered no fresh aid"
    if trig.lemma_.lower() not in cues.PASSING_VERBS and any(
        c.dep_ == "dobj" and c.pos_ == "NOUN" and c.lemma_.lower() in cues.BLOCKING_HEADS for c in trig.children
    ):
        return True  # "launched an appeal to raise $X", "announced a proposal": no act ("signed the bill" is one)
    lemma = trig.lemma_.lower()  # "cancel" blocks ("cancelled plans to send"), but a debt cancelled is relief
    return lemma in cues.BLOCKING_HEADS and lemma not in cues.DEBT_RELIEF_VERBS


def _under_talks(trig: Token, chain: list[Token]) -> bool:
    """The act is the subject of talks still going on: "is in talks with R to co-finance $X", "is in
    discussions to fund a $X dam", "negotiations to lend $X": no decision yet (AID_GUIDELINES 2, rule 3)."""
    if trig.dep_ in {"relcl", "acl"} and trig.head.pos_ == "NOUN" and trig.head.lemma_.lower() in cues.BLOCKING_HEADS:
        return True
    return any(
        prep.dep_ == "prep"
        and prep.lower_ == "in"
        and any(p.dep_ == "pobj" and p.lemma_.lower() in {"talk", "discussion", "negotiation"} for p in prep.children)
        for node in chain[:2]
        for prep in node.children
    )


def forecast_of_own_act(gov: Token, trig: Token) -> bool:
    """ "the government is expected to spend another $X": a forecast of the subject's own act (planned),
    not an expectation about others ("expects allies to send more")."""
    if cues.act_lemma(trig) in cues.RECIPIENT_SIDE_VERBS | cues.ARRIVAL_VERBS:
        return False  # "R is expected to receive $X from A": a forecast about A, whose act it would be
    return trig.head.i == gov.i and trig.dep_ == "xcomp" and any(c.dep_ == "auxpass" for c in gov.children)


_CONDITION_MARKS = {"if", "unless", "provided"}
_PENDING_MARKS = {"once", "after", "until", "when", "pending"}


def _conditioned(clause: Token) -> bool:
    """A condition on the act: "will send $X if the rains fail" (a conditional offer), or an approval still
    to come, "will lend $X once the accord is ratified", "the deal, once ratified, would see A lend $X"
    (a proposal awaiting its decision). "once the floods recede" only times the act."""
    if clause.dep_ == "advcl":
        marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
        return bool(marks & _CONDITION_MARKS) or (
            bool(marks & _PENDING_MARKS) and clause.lemma_.lower() in cues.PASSING_VERBS and not _past(clause)
        )
    if clause.dep_ in {"nsubj", "nsubjpass"}:  # the deal that "once ratified, would see" A give
        return any(
            c.dep_ in {"acl", "relcl"}
            and c.lemma_.lower() in cues.PASSING_VERBS
            and any(m.lower_ in _CONDITION_MARKS | _PENDING_MARKS for m in c.children)
            for c in clause.children
        )
    return False


def _past(verb: Token) -> bool:
    """ "after parliament approved it", "once it was ratified": the approval already happened."""
    return verb.tag_ == "VBD" or any(c.dep_ in {"aux", "auxpass"} and c.tag_ == "VBD" for c in verb.children)


def _blocking(tok: Token) -> bool:
    """A blocking cue, or buying for oneself ("agreed to buy tanks from A"), around the act. The small
    model's lemmas slip on some verbs ("hopes" -> "hop"), so a verb's bare form counts too."""
    lemma = tok.lemma_.lower()
    if tok.tag_ == "VBZ" and tok.lower_.endswith("s") and tok.lower_[:-1] in cues.BLOCKING_HEADS:
        return True
    return lemma in cues.BLOCKING_HEADS or (lemma in cues.PURCHASE_WORDS and not bought_for_other(tok))


def _contrasted(conj: Token, head: Token) -> bool:
    """``conj`` is a clause coordinated with ``head`` by "but"/"yet"/"instead", or with its own subject."""
    if conj.dep_ != "conj" or conj.head.i != head.i:
        return False
    if any(c.dep_ in {"nsubj", "nsubjpass"} for c in conj.children):
        return True
    return any(
        c.dep_ == "cc" and c.lower_ in {"but", "yet", "instead", "while", "although"} and c.i < conj.i
        for c in head.children
    )


def subject_of(tok: Token) -> Token | None:
    """The acting subject: own nsubj, passive agent, or the subject of the verb it complements."""
    cur: Token | None = tok
    for _ in range(5):
        if cur is None:
            return None
        subjects = [c for c in cur.children if c.dep_ in {"nsubj", "nsubjpass", "csubj"}]
        if _right_after_conjunction(cur):
            subjects = []  # "A handed over a boat, the fourth such vessel, and announced $X": A announced
        if len(subjects) > 1 and in_dateline(subjects[0]):
            subjects = subjects[1:]  # "NAIROBI — The Bank's board completed …": the dateline is no subject
        for child in subjects:
            if child.dep_ in {"nsubj", "nsubjpass", "csubj"}:
                if child.dep_ == "nsubjpass" and cur is not tok:
                    return child  # "X is set to announce", "X is expected to send"
                if child.dep_ == "nsubjpass":
                    agent = next((c for c in cur.children if c.dep_ == "agent"), None)
                    if agent is not None:
                        return next((g for g in agent.children if g.dep_ == "pobj"), None)
                    return None
                return child
        if cur is tok and not subjects:
            described = _subject_left_in_clause(tok)
            if described is not None:
                return described
        if cur.dep_ in {"relcl", "acl"} and cur.head.dep_ == "attr":
            cur = cur.head.head  # "A became the first country to provide …": the subject of "became"
        elif cur.dep_ in {"xcomp", "conj", "acl", "advcl", "pcomp", "prep", "pobj", "dobj"} and cur.head is not cur:
            cur = cur.head
        else:
            return None
    return None


def _right_after_conjunction(verb: Token) -> bool:
    """A second verb right after "and" ("and announced", "and also pledged") has no subject of its own:
    a noun the parse makes its subject stands before the "and" (an apposition of the first clause)."""
    if verb.dep_ != "conj" or not verb.tag_.startswith("VB"):
        return False
    before = verb.i - 1
    while before > 0 and verb.doc[before].dep_ in {"advmod", "aux", "neg"} and verb.doc[before].head == verb:
        before -= 1
    return verb.doc[before].dep_ == "cc" and any(c.dep_ == "nsubj" and c.i < before for c in verb.children)


def _subject_left_in_clause(verb: Token) -> Token | None:
    """ "A, which co-hosted the talks, pledged $X": the split "co-hosted" makes the parse hang A on the
    relative clause's verb; a described subject (one with a "which"/"who" clause) of an adverbial clause
    before the verb is the verb's own."""
    for clause in verb.children:
        if clause.dep_ not in {"advcl", "ccomp"} or clause.i > verb.i:
            continue
        for subj in clause.children:
            if subj.dep_ == "nsubj" and subj.pos_ == "PROPN" and any(c.dep_ == "relcl" for c in subj.children):
                return subj
    return None


def object_tokens(trig: Token, subj: Token | None, sent: Span) -> list[Token]:
    """The trigger's clause without its subject and without other finite clauses."""
    skip: set[int] = set()
    if subj is not None:
        skip.update(t.i for t in subj.subtree)
    for child in trig.children:
        if child.lower_ == "available":
            continue  # "made €X available for R": the clause is the act's own object
        if child.dep_ in _CLAUSAL and any(c.dep_ in {"nsubj", "nsubjpass"} for c in child.children):
            skip.update(t.i for t in child.subtree)
        elif child.dep_ == "conj" and is_trigger(child) and any(c.dep_ == "dobj" for c in child.children):
            skip.update(t.i for t in child.subtree)  # "would send $X and had delivered Y": its own act
    toks = [t for t in trig.subtree if t.i not in skip and t.i != trig.i]
    if trig.dep_ == "ROOT" and not any(t.lower_ in cues.AID_NOUNS or t.lemma_ in cues.AID_NOUNS for t in toks):
        toks = [t for t in sent if t.i > trig.i and t.i not in skip]  # a noisy parse left the object aside
    return toks


# Verbs of a relative clause that lists the package's contents ("a package that includes …").
CONTENT_VERBS = frozenset(
    {"include", "comprise", "consist", "encompass", "contain", "cover", "feature", "involve", "combine"}
)


def without_relative_clauses(objs: list[Token]) -> list[Token]:
    """Drop relative and adverbial clauses ("the Patriot, which protects against missiles"), but keep
    one that lists the package's contents ("a package that includes Patriot interceptors")."""
    skip = {
        t.i for r in objs if r.dep_ in {"relcl", "advcl"} and r.lemma_.lower() not in CONTENT_VERBS for t in r.subtree
    }
    return [t for t in objs if t.i not in skip]


_OTHER_CLAUSES = frozenset({"relcl", "advcl", "ccomp", "conj", "parataxis", "acl"})


def from_own_funds(trig: Token) -> bool:
    """The act spends the giver's own money ("will put in $X of its own funds", "set aside X in its own
    budget"): "own" on a funds noun in the trigger's clause, its nested clauses aside. The caller drops
    the act only when it names no recipient ("gives Country B €X from its own budget" stays aid)."""
    todo = [c for c in trig.children if c.dep_ not in _OTHER_CLAUSES]
    while todo:
        tok = todo.pop()
        if tok.lower_ == "own" and tok.head.lemma_.lower() in cues.OWN_FUNDS_NOUNS:
            return True
        todo.extend(c for c in tok.children if c.dep_ not in _OTHER_CLAUSES)
    return False


_REPORTING_VERBS = words("attribution_verbs")


def announcer_of_passive(trig: Token) -> Token | None:
    """ "A announced that $X will be disbursed to R": an agentless passive act reported by A is A's act
    (a press release tells its own government's aid this way); a passive with its agent ("… will be
    sent by B") names its giver itself. The announcer must name an actor or a person (whose state the
    parties then resolve): "the Chadian defence minister announced" stays no giver."""
    head = trig.head
    if trig.dep_ != "ccomp" or head.lemma_.lower() not in _REPORTING_VERBS:
        return None
    if not any(c.dep_ == "nsubjpass" for c in trig.children) or any(c.dep_ == "agent" for c in trig.children):
        return None
    announcer = subject_of(head)
    if announcer is None or not is_actor_head(announcer):
        return None  # "the minister announced": no named actor or person
    return announcer


def reported_inclusions(trig: Token) -> list[Token]:
    """ "X will provide $Y to Z, the minister said, including tanks": the list the parser hung on the
    reporting verb still details the reported act."""
    head = trig.head
    if trig.dep_ not in {"ccomp", "parataxis"} or head.lemma_.lower() not in _REPORTING_VERBS:
        return []
    return [
        t
        for c in head.children
        if c.dep_ == "prep" and c.lower_ in {"including", "includes"} and c.i > trig.i
        for t in c.subtree
    ]


def has_aid_object(objs: list[Token], lemma: str) -> bool:
    """The clause gives something that can be aid: an aid noun, a weapon, a money figure."""
    if any(is_not_aid_word(t) for t in objs):
        return False
    if lemma in cues.RELIEF_ONLY_ARRIVALS:  # "trucks carrying flour entered R", not "troops entered R"
        return any(_relief(t) for t in objs)
    for t in objs:
        if t.ent_type_ == "WEAPON" or (t.ent_type_ == "MONEY" and not _figureless_money_modifier(t)):
            return True
        nominal = t.pos_ in {"NOUN", "PROPN"} or t.dep_ in {"nsubj", "nsubjpass", "dobj"}  # "Aid from A reached R"
        if nominal and (
            t.lemma_.lower() in cues.AID_NOUNS or t.lower_ in cues.AID_NOUNS or t.lower_ in EQUIPMENT_HEADS
        ):
            return True
    return False


def _figureless_money_modifier(tok: Token) -> bool:
    """ "signed multibillion-dollar deals", "multimillion-euro contracts": a money word without a figure
    that only describes the noun it modifies gives nothing; the noun must be aid itself."""
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    if ent is None or any(t.like_num for t in ent):
        return False
    head = ent.root.head
    return ent.root.dep_ in {"compound", "amod"} and head.i >= ent.end


_RELIEF_WORDS = {"aid", "assistance", "supplies", "supply", "relief"}


def _relief(tok: Token) -> bool:
    """A word of humanitarian relief ("flour", "medicines", "aid"), not equipment or troops."""
    lemma = tok.lemma_.lower()
    return tok.pos_ in {"NOUN", "PROPN"} and (lemma in _RELIEF_WORDS or cues.AID_NOUNS.get(lemma) == "humanitarian")


def is_not_aid_word(tok: Token) -> bool:
    """ "sanctions", "the sale", "a deal to sell": the clause is about something other than aid. A
    participle that only describes the aid ("a loan guaranteed by Japan") does not count, nor does a
    purchase made for a third party ("fund the purchase of shells for Ukraine")."""
    lemma = tok.lemma_.lower()
    if lemma not in cues.NOT_AID_OBJECTS and lemma not in cues.PURCHASE_WORDS:
        return False
    if lemma in cues.PURCHASE_WORDS and (bought_for_other(tok) or _bought_with_the_aid(tok)):
        return False
    if _hyphenated_modifier(tok):
        return False  # "flood-warning equipment", "early-warning radars": a kind of equipment, no warning
    if tok.pos_ in {"NOUN", "PROPN"}:
        return True
    return tok.pos_ == "VERB" and (tok.dep_ not in {"acl", "amod", "relcl"} or tok.tag_ == "VB")


def _hyphenated_modifier(tok: Token) -> bool:
    """The second half of a hyphenated word that modifies a noun ("flood-warning" in "flood-warning
    equipment"): it names the kind of thing, not an act of its own."""
    doc = tok.doc
    joined = tok.i >= 2 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_
    return joined and not doc[tok.i - 2].whitespace_ and tok.dep_ in {"amod", "compound"} and tok.head.i > tok.i


_OWN_SPENDING = {"spend", "pay"}  # "will spend $X to buy tanks": the buyer's own money


def _bought_with_the_aid(tok: Token) -> bool:
    """ "gave R $X to buy fuel", "obtained a credit line from A to buy food": what the recipient buys
    with the aid is its purpose, not a sale."""
    if tok.pos_ != "VERB" or tok.dep_ not in {"advcl", "relcl", "acl", "xcomp"}:
        return False
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    head = tok.head
    low = head.lemma_.lower()
    if head.pos_ == "VERB":
        giving = low in cues.TRIGGERS and low not in cues.PURCHASE_WORDS and low not in _OWN_SPENDING
        given = [c for c in head.children if c.dep_ == "dobj"]
        given += [g for c in head.children if c.dep_ == "prep" and c.lower_ == "with" for g in c.children]
        return giving and any(_money_or_aid(g) for g in given)  # "provide R with $X", not "signed a deal"
    return _money_or_aid(head)


def received_purchase(objs: list[Token]) -> bool:
    """ "received two jets it bought from A", "took delivery of radars purchased from A": the goods
    received were bought, so the act is a sale (AID_GUIDELINES 2, rule 3). Money received "to buy food"
    is still aid, and so are goods "bought with a grant from A"."""
    return any(
        t.lemma_.lower() in cues.PURCHASE_WORDS
        and t.dep_ in {"relcl", "acl"}
        and t.tag_ in {"VBD", "VBN"}
        and not any(p.dep_ == "prep" and p.lower_ == "with" and any(map(_money_or_aid, p.children)) for p in t.children)
        for t in objs
    )


def _money_or_aid(noun: Token) -> bool:
    """ "$X", "a $X credit line", "the aid": a figure or an aid noun."""
    return (
        noun.ent_type_ == "MONEY"
        or noun.lemma_.lower() in cues.AID_NOUNS
        or any(c.ent_type_ == "MONEY" for c in noun.children)
    )


def bought_for_other(tok: Token) -> bool:
    """A purchase word with "for X" / "on behalf of X" naming a state other than the buyer."""
    verb = tok if tok.pos_ == "VERB" else tok.head
    subj = subject_of(verb)
    buyer = actor_in_tokens(subj.subtree, orgs=False) if subj is not None else None
    for t in tok.subtree:
        if t.dep_ == "prep" and t.lower_ in {"for", "of"} and (t.lower_ == "for" or t.head.lower_ == "behalf"):
            for p in t.children:
                if p.dep_ == "pobj" and is_actor_head(p):  # "for Ukraine", not "for gas imports from Norway"
                    name = actor_in_tokens(p.subtree, orgs=False)
                    if name and name != buyer and is_state(name):
                        return True
    return False


_RECEIVING = {"receive", "get", "obtain"}
_PERIOD_PREPS = {"in", "during", "throughout", "over"}


def _year_received(verb: Token) -> bool:
    """ "In 2023, R received $X in grants": what a recipient got over a whole year is a sum (guidelines,
    running totals without the usual markers), not one act; a dated act names its month ("in May 2023")."""
    if verb.lemma_ not in _RECEIVING or verb.tag_ not in {"VBD", "VBN"}:
        return False
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in _PERIOD_PREPS:
            for year in prep.children:
                if year.dep_ == "pobj" and re.fullmatch(r"(?:19|20)\d\d", year.text) and not list(year.children):
                    return True
    return False


def is_total(local: list[Token], objs: list[Token], trig: Token | None = None) -> bool:
    """A running sum ("so far", "since 2022", "27 packages"), not one act. "its 20th since 2022"
    counts packages: the phrase under an ordinal is no sum; nor is the act's own "a total of €X"."""
    ordinal = {t.i for o in local if o.ent_type_ == "ORDINAL" and o.dep_ == "appos" for t in o.subtree}
    given = {t.i for t in objs if trig is not None and _total_object(t, trig)}
    local = [t for t in local if t.i not in ordinal and t.i not in given]
    text = " ".join(t.lower_ for t in local)
    since = [  # on a verb: "the second such loan since the default" dates the noun, not a running sum
        c
        for t in local
        if t.pos_ in {"VERB", "AUX"}
        for c in t.children
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "since" for m in c.children)
    ]
    if since and any(t.dep_ == "aux" and t.lemma_ == "have" for t in local):
        return True  # "has mobilized $X since the war began"
    if any(w.lower_ in cues.TOTAL_CUES and not _values_own_goods(w, trig) for w in local):
        return True
    if any(p in text for p in cues.CLAUSE_TOTAL_PHRASES) or cues.SINCE_TOTAL.search(text):
        return True
    if cues.PAST_SPAN_TOTAL.search(text):
        return True  # "has given R about €X over the past five years"
    perfect = any(t.dep_ == "aux" and t.lemma_ == "have" for t in local)
    if perfect and cues.SINCE_TOTAL.search(" ".join(t.lower_ for t in objs)):
        return True  # "has sent $X to help Moldova since the floods began": the parse hung "since" lower
    if perfect and any(t.lower_ == "now" and t.dep_ == "advmod" for t in local) and not _definite_object(objs):
        return True  # "has now given R more than $X": the sum reached (not "has now paid the $X tranche")
    if any(_year_received(t) for t in local):
        return True
    for t in objs:  # "27 packages", "all defense aid packages"
        if (
            t.lemma_ in {"package", "tranche", "shipment"}
            and t.tag_ == "NNS"
            and any(c.dep_ == "nummod" or c.lower_ == "all" for c in t.children)
        ):
            return True
    return False


def _values_own_goods(cue: Token, trig: Token | None, depth: int = 4) -> bool:
    """ "will send R ten trucks and two tankers worth a combined €X": a total cue under a value word
    ("worth", "a total value of") sums this act's own goods, no running total of earlier packages. Only
    as an adjective: "measures worth a total of €X" is a sum of parts the article goes on to tell."""
    if cue.dep_ != "amod":
        return False
    head = cue.head
    for _ in range(depth):
        if head.lower_ in cues.VALUE_WORDS:
            return True
        if head.i == head.head.i or (trig is not None and head.i == trig.i):
            return False
        head = head.head
    return False


def _total_object(tok: Token, trig: Token) -> bool:
    """ "will provide a total of €X": "total" as the future act's own object, with a figure."""
    return (
        tok.lower_ == "total"
        and tok.head.i == trig.i
        and tok.dep_ == "dobj"
        and not any(c.dep_ == "aux" and c.lemma_ == "have" for c in trig.children)
        and any(c.lower_ == "of" and any(g.ent_type_ == "MONEY" or g.like_num for g in c.subtree) for c in tok.children)
    )


def _definite_object(objs: list[Token]) -> bool:
    """The act's object is a definite thing ("the $X tranche", "its second package"), not an amount."""
    return any(
        t.dep_ in {"dobj", "nsubjpass"} and any(c.dep_ in {"det", "poss"} and c.lower_ != "a" for c in t.children)
        for t in objs
    )


def _dates_a_noun(word: Token) -> bool:
    """ "its earlier contribution", "the previously announced package": the word dates the thing the
    noun names, another act than the trigger's."""
    if word.dep_ == "amod" and word.head.pos_ in {"NOUN", "PROPN", "NUM"}:
        return True
    return word.dep_ == "advmod" and word.head.dep_ in {"amod", "acl"} and word.head.head.pos_ in {"NOUN", "PROPN"}


def _done_before(verb: Token) -> bool:
    """A past act ("pledged in March"), or one a participle after "after" tells ("After pledging $X in
    March, A announced …"): its date dates an earlier act."""
    if verb.tag_ in {"VBD", "VBN"}:
        return True
    return verb.tag_ == "VBG" and verb.head.lower_ in {"after", "since"} and verb.dep_ == "pcomp"


def is_background(trig: Token, chain: list[Token], local: list[Token], lead: bool) -> bool:
    """Markers of an earlier act; the lead is the article's news unless it dates the act explicitly."""
    future = any(c.dep_ == "aux" and c.lower_ in {"will", "'ll", "shall", "would"} for c in trig.children)
    for i, t in enumerate(local):
        low = t.lower_
        if future and low in {"before", "prior", "ago"}:
            continue  # "will arrive before winter": a deadline ahead, not an earlier act
        this_cycle = i + 1 < len(local) and local[i + 1].lower_ in {"this", "today", "on"}
        if low in cues.BACKGROUND_WORDS and _dates_a_noun(t):
            continue  # "added €X to its earlier €Y contribution", "delivered the previously pledged tanks"
        if low in cues.BACKGROUND_WORDS and not (lead and (low in {"recently", "already"} or this_cycle)):
            return True
        if low == "last" and i + 1 < len(local) and local[i + 1].lower_ in cues.BACKGROUND_PERIODS:
            return True
        if low == "in" and i + 1 < len(local) and _done_before(t.head):
            nxt = local[i + 1].lower_
            if nxt in {"mid", "early", "late"} and i + 2 < len(local):
                nxt = local[i + 2].lower_ if local[i + 2].text != "-" else local[min(i + 3, len(local) - 1)].lower_
            if nxt in cues.MONTHS or nxt.startswith("mid-") or (nxt.isdigit() and len(nxt) == 4):
                return True
    for node in [] if lead or _in_quote(trig) else [trig, *chain[:2]]:
        if node.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in node.children):
            return True
        if node.tag_.startswith("VB") and node is not trig and node.dep_ not in {"xcomp", "ccomp", "conj"}:
            break
    return False
