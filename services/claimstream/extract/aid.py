"""Aid commitments: who commits what aid to whom (AidCommitment v1, AID_GUIDELINES.md).

One pass over the parsed sentences finds *mentions*: a giving verb (``aid_cues.TRIGGERS``) with a named
donor and an aid object, that no request, option, refusal, sale or running total cue overrides. A
sentence without its own giving verb can still add items or the figure to the package just mentioned
("This includes …", "The package will also encompass …"). Mentions of one package merge into one
commitment; a package for several named recipients is split per recipient.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

from claimstream.extract import aid_cues as cues
from claimstream.extract.actors import DOLLAR_CURRENCY, actor_in_tokens, is_state, is_unnamed, lookup, org_entity
from claimstream.extract.aid_context import DocContext, aid_type_of, local_tokens, money_for, status_of
from claimstream.extract.aid_items import items_in
from claimstream.extract.money import Money, find_money

_CLAUSAL = {"conj", "advcl", "ccomp", "parataxis", "relcl"}


@dataclass
class Mention:
    """One statement of a commitment in one sentence (before merging)."""

    donor: str | None
    recipients: list[str]
    money: Money | None
    aid_type: str | None
    items: list[str]
    status: str
    novelty: str
    start: int
    end: int
    confidence: float
    sources: list[tuple[int, int]] = field(default_factory=list)


def extract_aid(doc: Doc) -> list[dict[str, Any]]:
    """Aid commitments stated in ``doc``, new and background (see AidCommitment v1 in DESIGN.md)."""
    ctx = DocContext(doc)
    merged: list[Mention] = []
    for index, sent in enumerate(ctx.sentences):
        found = [m for trig in sent if _is_trigger(trig) for m in _mentions(trig, sent, ctx, index)]
        if found:
            for m in found:
                _merge_into(merged, m)
        elif merged:
            _elaborate(merged, sent, ctx)
    donors = {m.donor for m in merged if m.donor}
    out = []
    for m in merged:
        if m.donor is None:
            continue
        if not m.recipients:
            m.recipients = ctx.fallback_recipient(donors)
            m.confidence = round(max(0.3, m.confidence - 0.1), 2)
        if not m.recipients:
            continue  # no recipient anywhere in the article: not an aid commitment we can state
        for rec in m.recipients:
            out.append(_as_dict(doc, m, rec))
    return out


# ---------------------------------------------------------------- triggers and mentions


def _is_trigger(tok: Token) -> bool:
    if tok.lemma_.lower() not in cues.TRIGGERS or not tok.tag_.startswith("VB"):
        return False
    if any(c.dep_ == "prt" and c.lower_ in {"up", "in", "back", "off", "away"} for c in tok.children):
        return False  # "give up", "give in"
    return tok.dep_ not in {"amod", "compound"} and not (tok.dep_ == "acl" and tok.tag_ == "VBN")


def _mentions(trig: Token, sent: Span, ctx: DocContext, index: int) -> list[Mention]:
    lemma = trig.lemma_.lower()
    chain = _governors(trig)
    if _blocked(trig, chain) or _in_question(trig, sent):
        return []
    subj = _subject(trig)
    objs = _object_tokens(trig, subj, sent)
    money = money_for(objs, sent, trig)
    carried = list(subj.subtree) if subj is not None and lemma in cues.ARRIVAL_VERBS else objs
    if money is None and not _has_aid_object(carried, lemma):
        return []
    if any(t.lemma_.lower() in cues.NOT_AID_OBJECTS for t in objs) or any(
            c.dep_ == "dobj" and c.lemma_.lower() in cues.NON_AID_DOBJ for c in trig.children):
        return []
    local = local_tokens(trig, chain)
    if _is_total(local, objs):
        return []
    lead = index == ctx.lead_index
    background = ctx.in_block(sent) or _is_background(trig, chain, local, lead)
    status = status_of(trig, _complement_chain(trig), sent)
    if lemma == "receive":
        recipients = _actors_of(subj, ctx) if subj is not None else []
        named = _from_actor(objs)
    elif lemma in cues.ARRIVAL_VERBS:  # "aid from Egypt arrived in Gaza"
        if not _has_aid_object(carried, lemma):
            return []
        named = _from_actor(carried) or _from_actor(objs)
        recipients = _recipients(objs, named)
    else:
        named = _donors(trig, subj, chain, sent, ctx)
        recipients = _recipients(objs, named)
    donor_explicit = bool(named)
    # no named donor: merge-only, it may still add to the package this sentence speaks of
    donors: list[str | None] = list(named) if named else [None]
    aid_type = aid_type_of(objs, sent, ctx)
    items = items_in(_without_relative_clauses(objs))
    splits = _per_recipient_figures(objs, sent, named) if lemma != "receive" else []
    out = []
    for donor in donors:
        recs = [r for r in recipients if r != donor]
        explicit_rec = bool(recs)
        for part_money, rec in splits:
            out.append(Mention(donor, [rec], part_money, aid_type, list(items), status,
                               "background" if background else "new", sent.start_char, sent.end_char, 0.8))
        if splits:
            continue
        conf = 0.45 + 0.15 * donor_explicit + 0.15 * explicit_rec + 0.1 * (money is not None)
        conf += 0.1 * (status in {"pledged", "approved", "delivered"})
        out.append(Mention(donor, recs, money, aid_type, list(items), status,
                           "background" if background else "new", sent.start_char, sent.end_char,
                           round(min(conf, 0.95), 2)))
    if money is not None and named:
        for donor, extra in _gapped_pledges(sent, money, named, recipients):
            out.append(Mention(donor, list(recipients), extra, aid_type, [], status,
                               "background" if background else "new", sent.start_char, sent.end_char, 0.7))
    return out


def _gapped_pledges(sent: Span, first: Money, donors: list[str],
                    recipients: list[str]) -> list[tuple[str, Money]]:
    """"Germany pledged €100 million, France €50 million and Italy €30 million": one per named state."""
    doc = sent.doc
    out: list[tuple[str, Money]] = []
    for money in find_money(sent.text, sent.start_char):
        if money.start <= first.start:
            continue
        span = doc.char_span(money.start, money.end, alignment_mode="expand")
        if span is None:
            continue
        before = []
        for tok in reversed(doc[max(sent.start, span.start - 4):span.start]):
            if tok.pos_ not in {"PROPN", "DET"} and not (tok.tag_ == "NNP" or tok.lower_ in _GAP_HEDGES):
                break
            before.insert(0, tok)
        name = actor_in_tokens(before, orgs=False) if before else None
        if name and name not in donors and name not in recipients and name not in {d for d, _ in out} \
                and is_state(name):
            out.append((name, money))
    return out


_GAP_HEDGES = {"about", "nearly", "almost", "around", "some", "over", "up", "to", "more", "than"}


def _in_question(trig: Token, sent: Span) -> bool:
    """The clause ends in a question mark ("Will X provide Y?")."""
    for tok in sent.doc[trig.i:sent.end]:
        if tok.text in {".", "!", "?"}:
            return tok.text == "?"
    return False


_QUOTE_CHARS = {'"', "“", "”"}


def _in_quote(tok: Token) -> bool:
    """The token sits inside quotation marks opened in its paragraph ("We have delivered …," she said)."""
    text = tok.doc.text
    para_start = text.rfind("\n", 0, tok.idx) + 1
    return sum(text.count(q, para_start, tok.idx) for q in _QUOTE_CHARS) % 2 == 1


def _governors(tok: Token) -> list[Token]:
    """The verbs and nouns that govern ``tok``'s clause, nearest first ("announced plans to provide")."""
    chain: list[Token] = []
    cur = tok
    while cur.dep_ in {"xcomp", "ccomp", "acl", "conj", "advcl", "pcomp", "pobj", "prep", "dobj", "attr"} \
            and cur.head is not cur and len(chain) < 6:
        cur = cur.head
        chain.append(cur)
        if cur.dep_ == "relcl":
            break
    return chain


def _complement_chain(tok: Token) -> list[Token]:
    """Governors whose complement the trigger is ("announced that it would provide"), not coordinated verbs."""
    chain: list[Token] = []
    cur = tok
    while cur.dep_ in {"xcomp", "ccomp", "acl", "pcomp", "pobj", "prep", "dobj"} and cur.head is not cur:
        cur = cur.head
        chain.append(cur)
        if len(chain) >= 6:
            break
    return chain


def _blocked(trig: Token, chain: list[Token]) -> bool:
    """A request, option, condition, refusal or sale governs the act."""
    announcing = trig.lemma_.lower() in {"announce", "unveil", "present"}
    for node in [trig, *chain]:
        if node is not trig and node.lemma_.lower() in cues.BLOCKING_HEADS and not (
                announcing and node.lemma_.lower() in {"expect", "anticipate"}):
            return True  # but "expected to announce" is a planned act, not an expectation about others
        for child in node.children:
            low = child.lower_
            if child.dep_ == "neg" or (low in {"not", "n't", "never", "no"} and child.dep_ in {"neg", "advmod"}):
                return True
            if child.tag_ == "MD" and low in cues.HEDGING_MODALS:
                return True
            if child.dep_ == "mark" and low in {"if", "unless", "whether"}:
                return True
            if child.dep_ in {"acomp", "xcomp"} and child.lemma_.lower() in cues.BLOCKING_HEADS:
                return True
    return trig.lemma_.lower() in cues.BLOCKING_HEADS


def _subject(tok: Token) -> Token | None:
    cur: Token | None = tok
    for _ in range(5):
        if cur is None:
            return None
        for child in cur.children:
            if child.dep_ in {"nsubj", "nsubjpass", "csubj"}:
                if child.dep_ == "nsubjpass" and cur is not tok:
                    return child  # "X is set to announce", "X is expected to send"
                if child.dep_ == "nsubjpass":
                    agent = next((c for c in cur.children if c.dep_ == "agent"), None)
                    if agent is not None:
                        return next((g for g in agent.children if g.dep_ == "pobj"), None)
                    return None
                return child
        if cur.dep_ in {"xcomp", "conj", "acl", "advcl", "pcomp", "prep", "pobj", "dobj"} and cur.head is not cur:
            cur = cur.head
        else:
            return None
    return None


def _object_tokens(trig: Token, subj: Token | None, sent: Span) -> list[Token]:
    """The trigger's clause without its subject and without other finite clauses."""
    skip: set[int] = set()
    if subj is not None:
        skip.update(t.i for t in subj.subtree)
    for child in trig.children:
        if child.dep_ in _CLAUSAL and any(c.dep_ in {"nsubj", "nsubjpass"} for c in child.children):
            skip.update(t.i for t in child.subtree)
    toks = [t for t in trig.subtree if t.i not in skip and t.i != trig.i]
    if trig.dep_ == "ROOT" and not any(t.lower_ in cues.AID_NOUNS or t.lemma_ in cues.AID_NOUNS for t in toks):
        toks = [t for t in sent if t.i > trig.i and t.i not in skip]  # a noisy parse left the object aside
    return toks


def _without_relative_clauses(objs: list[Token]) -> list[Token]:
    skip = {t.i for r in objs if r.dep_ in {"relcl", "advcl"} for t in r.subtree}
    return [t for t in objs if t.i not in skip]


def _has_aid_object(objs: list[Token], lemma: str) -> bool:
    if any(t.lemma_.lower() in cues.NOT_AID_OBJECTS for t in objs):
        return False
    for t in objs:
        if t.ent_type_ in {"WEAPON", "MONEY"}:
            return True
        if t.pos_ in {"NOUN", "PROPN"} and (t.lemma_.lower() in cues.AID_NOUNS or t.lower_ in cues.AID_NOUNS):
            return True
    return False


def _is_total(local: list[Token], objs: list[Token]) -> bool:
    text = " ".join(t.lower_ for t in local)
    since = [c for t in local for c in t.children if c.dep_ == "advcl"
             and any(m.dep_ == "mark" and m.lower_ == "since" for m in c.children)]
    if since and any(t.dep_ == "aux" and t.lemma_ == "have" for t in local):
        return True  # "has mobilized $X since the war began"
    if any(w.lower_ in cues.TOTAL_CUES for w in local):
        return True
    if any(p in text for p in cues.CLAUSE_TOTAL_PHRASES) or cues.SINCE_TOTAL.search(text):
        return True
    for t in objs:  # "27 packages", "all defense aid packages"
        if t.lemma_ in {"package", "tranche", "shipment"} and t.tag_ == "NNS" and any(
                c.dep_ == "nummod" or c.lower_ == "all" for c in t.children):
            return True
    return False


def _is_background(trig: Token, chain: list[Token], local: list[Token], lead: bool) -> bool:
    """Markers of an earlier act; the lead is the article's news unless it dates the act explicitly."""
    for i, t in enumerate(local):
        low = t.lower_
        if low in cues.BACKGROUND_WORDS and not (lead and low in {"recently", "already"}):
            return True
        if low == "last" and i + 1 < len(local) and local[i + 1].lower_ in cues.BACKGROUND_PERIODS:
            return True
        if low == "in" and i + 1 < len(local):
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


# ---------------------------------------------------------------- actors


def _donors(trig: Token, subj: Token | None, chain: list[Token], sent: Span, ctx: DocContext) -> list[str]:
    if subj is None:
        return []
    if subj.lower_ in cues.EXTRA_PRONOUNS or _is_possessed_body(subj):
        for gov in chain:
            gsubj = _subject(gov)
            if gsubj is not None and gsubj is not subj:
                found = _actors_of(gsubj, ctx)
                if found:
                    return found
        if subj.lower_ in {"we", "i"}:
            return _speaker_actor(sent, trig, ctx)
        if subj.lower_ in {"it", "they"} and subj.i - sent.start <= 2:
            return ctx.previous_subject_actor(sent)
        return []
    return _actors_of(subj, ctx)


def _is_possessed_body(tok: Token) -> bool:
    """"its board", "their government": the body of an actor named elsewhere in the sentence."""
    return any(c.dep_ == "poss" and c.lower_ in {"its", "their", "our"} for c in tok.children)


def _speaker_actor(sent: Span, trig: Token, ctx: DocContext) -> list[str]:
    """For "we" inside a quote: the actor in the attribution of the same sentence ("EC spokesperson X said")."""
    for tok in sent:
        if tok.lemma_ in {"say", "tell", "add", "write", "state", "post"} and tok.i != trig.i:
            s = _subject(tok)
            if s is not None and s.lower_ not in cues.EXTRA_PRONOUNS:
                found = actor_in_tokens(s.subtree, orgs=False) or ctx.state_of_person(s)
                if found:
                    return [found]
    return []


def _actors_of(head: Token, ctx: DocContext) -> list[str]:
    """The named actors of a noun phrase and its conjuncts; unnamed aggregates are dropped."""
    found: list[str] = []
    for np in [head, *head.conjuncts]:
        if is_unnamed(np):
            continue
        toks = _np_tokens(np)
        name = ctx.state_of_person(np) if np.tag_ == "NNP" and lookup(np.text) is None else None
        name = name or org_entity(toks) or actor_in_tokens(toks)
        if name and name not in found:
            found.append(name)
    return found


def _np_tokens(np: Token) -> list[Token]:
    skip: set[int] = set()
    for child in np.children:
        if child.dep_ in {"relcl", "acl", "advcl", "appos", "conj", "cc"} or (
                child.dep_ == "prep" and child.lower_ not in {"of", "in"}):
            skip.update(t.i for t in child.subtree)
    return [t for t in np.subtree if t.i not in skip]


def _from_actor(objs: list[Token]) -> list[str]:
    for t in objs:
        if t.lower_ == "from" and t.dep_ == "prep":
            for p in t.children:
                if p.dep_ == "pobj":
                    name = actor_in_tokens(_np_tokens(p))
                    if name:
                        return [name]
    return []


def _recipients(objs: list[Token], donors: list[str]) -> list[str]:
    """Dative objects, then "to"/"for" phrases, then "in" phrases of purpose clauses."""
    found: list[str] = []
    orgs: list[str] = []
    for t in objs:
        if t.dep_ in {"dative", "dobj"} and t.pos_ == "PROPN":
            for np in [t, *t.conjuncts]:
                name = lookup(np.text) or actor_in_tokens(_np_tokens(np), orgs=False)
                if name and is_state(name) and name not in found:
                    found.append(name)
    for preps in ({"to", "for", "towards"}, {"in"}):
        if found:
            break
        for t in objs:
            if t.dep_ != "prep" or t.lower_ not in preps:
                continue
            for p in t.children:
                if p.dep_ != "pobj":
                    continue
                for np in [p, *p.conjuncts]:
                    if is_unnamed(np):
                        continue
                    toks = _np_tokens(np)
                    name = actor_in_tokens(toks, orgs=False)
                    if name and name not in found and name not in donors:
                        found.append(name)
                    elif name is None:
                        org = actor_in_tokens(toks)
                        if org and org not in orgs:
                            orgs.append(org)
    found = [f for f in found if f not in donors] or _linear_recipients(objs, donors)
    return found or [o for o in orgs if o not in donors][:1]


_PURPOSE_VERBS = {"support", "help", "assist", "aid", "rebuild", "strengthen", "bolster", "boost", "protect",
                  "defend", "reconstruct", "stabilise", "stabilize"}
_NP_POS = {"DET", "ADJ", "PROPN", "NOUN", "CCONJ", "PUNCT", "NUM", "PART"}


def _per_recipient_figures(objs: list[Token], sent: Span, donors: list[str]) -> list[tuple[Money, str]]:
    """"€2 million to A and €1 million to B": one figure per named recipient (two or more), else []."""
    doc = sent.doc
    idx = {t.i for t in objs}
    pairs: list[tuple[Money, str]] = []
    for money in find_money(sent.text, sent.start_char):
        span = doc.char_span(money.start, money.end, alignment_mode="expand")
        if span is None or span.start not in idx:
            continue
        after = [t for t in doc[span.end:min(span.end + 8, sent.end)]]
        rec = _linear_recipients(after[:3], donors) if after else []
        if rec:
            pairs.append((money, rec[0]))
    if len(pairs) >= 2 and len({r for _, r in pairs}) == len(pairs):
        return pairs
    return []


def _linear_recipients(objs: list[Token], donors: list[str]) -> list[str]:
    """When the parse misattaches "for X to …": the state named right after "to"/"for"."""
    found: list[str] = []
    doc = objs[0].doc if objs else None
    for tok in objs:
        if tok.lower_ not in {"to", "for"} or doc is None or tok.i + 1 >= len(doc):
            continue
        window = []
        first = tok.i + 1
        if doc[first].pos_ == "VERB" and doc[first].lemma_ in _PURPOSE_VERBS:
            first += 1  # "to support Ukraine's energy sector"
        for nxt in doc[first:min(first + 6, len(doc))]:
            if nxt.pos_ not in _NP_POS or nxt.text in {",", ".", ";", ":"}:
                break
            window.append(nxt)
        name = actor_in_tokens(window, orgs=False) if window else None
        if name and name not in donors and name not in found:
            found.append(name)
        if found:
            break
    return found


# ---------------------------------------------------------------- merging


def _compatible(a: Mention, b: Mention) -> bool:
    if a.donor is not None and b.donor is not None and a.donor != b.donor:
        return False
    if a.recipients and b.recipients and not set(a.recipients) & set(b.recipients):
        return False
    if a.money and b.money:
        return abs(a.money.amount - b.money.amount) <= 0.05 * max(a.money.amount, b.money.amount) \
            and a.money.currency == b.money.currency
    return a.novelty == b.novelty


def _merge_into(merged: list[Mention], m: Mention) -> None:
    for old in reversed(merged):
        if _compatible(old, m) and (m.donor is None or old.donor == m.donor):
            _absorb(old, m)
            return
    if m.donor is not None:
        merged.append(m)


def _absorb(old: Mention, m: Mention) -> None:
    if old.money is None and m.money is not None and old.novelty == m.novelty:
        old.money = m.money
    if m.novelty == "new" and old.novelty == "background" and old.money and m.money:
        old.novelty = "new"
    for it in m.items:
        if it.lower() not in {x.lower() for x in old.items}:
            old.items.append(it)
    if m.status == "approved" and old.status == "announced":
        old.status = "approved"
    old.aid_type = old.aid_type or m.aid_type
    old.start, old.end = min(old.start, m.start), max(old.end, m.end)
    old.confidence = max(old.confidence, m.confidence)


_ELABORATION = {"include", "comprise", "consist", "encompass", "contain", "cover", "feature", "involve"}


def _elaborate(merged: list[Mention], sent: Span, ctx: DocContext) -> None:
    """A sentence that only details the package just reported adds its items (and figure if missing)."""
    last = merged[-1]
    if sent.start_char - last.end > 600 or ctx.in_block(sent):
        return
    if not any(t.lemma_.lower() in _ELABORATION or t.lower_ in {"valued", "worth"} for t in sent):
        return
    if any(t.pos_ in {"VERB", "ADJ"} and t.lemma_.lower() in cues.BLOCKING_HEADS for t in sent):
        return
    last.items.extend(i for i in items_in(sent) if i.lower() not in {x.lower() for x in last.items})
    if last.money is None:
        root = next((t for t in sent if t.dep_ == "ROOT"), sent[0])
        last.money = money_for(list(sent), sent, root)
    last.end = max(last.end, sent.end_char)


def _as_dict(doc: Doc, m: Mention, recipient: str | None) -> dict[str, Any]:
    money = m.money
    currency = money.currency if money else None
    if money is not None and money.bare_dollar and m.donor in DOLLAR_CURRENCY:
        currency = DOLLAR_CURRENCY[m.donor]
    return {
        "donor": m.donor,
        "recipient": recipient,
        "amount": money.value if money else None,
        "currency": currency,
        "approximate": bool(money and money.approximate),
        "aid_type": m.aid_type or "financial",
        "items": m.items,
        "status": m.status,
        "novelty": m.novelty,
        "evidence": _evidence(doc.text, m.start, m.end),
        "confidence": m.confidence,
    }


def _evidence(text: str, start: int, end: int) -> dict[str, Any]:
    """Offsets trimmed of surrounding whitespace, so that ``text[start:end] == sentence``."""
    raw = text[start:end]
    start += len(raw) - len(raw.lstrip())
    end -= len(raw) - len(raw.rstrip())
    return {"start": start, "end": end, "sentence": text[start:end]}
