"""Donors and recipients of an aid mention, resolved to canonical actors (AID_GUIDELINES 4 and 5)."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from claimstream.extract.actors import (
    actor_in_tokens,
    city_state,
    city_state_of,
    is_actor_head,
    is_state,
    is_unnamed,
    lookup,
    org_entity,
)
from claimstream.extract.aid import cues
from claimstream.extract.aid.clause import subject_of
from claimstream.extract.aid.context import DocContext
from claimstream.extract.aid.donors import can_give
from claimstream.extract.aid.items import EQUIPMENT_HEADS
from claimstream.extract.datelines import DASHES, dateline_end, in_dateline
from claimstream.extract.doctext import doc_text
from claimstream.extract.lexicon import lexicon, words
from claimstream.extract.money import Money, find_money


def donors_of(trig: Token, subj: Token | None, chain: list[Token], sent: Span, ctx: DocContext) -> list[str]:
    if subj is None:
        return []
    if subj.lower_ in {"which", "who", "that"} and trig.dep_ == "relcl":
        subj = trig.head  # "Britain, which pledged £88 million, said …": the noun the clause describes
    if in_dateline(subj):  # "NAIROBI — The World Bank's board approved …" parsed with the city as subject
        body = any(_the_body(t) for t in sent.doc[dateline_end(subj) + 1 : trig.i])
        return after_dateline(subj, trig) or (_headed_state(sent, subj) if body else [])  # "• FINLAND – The government"
    gapped = _gapped_reporter(subj) if subj.lower_ in {"it", "they"} else []
    if gapped:
        return gapped
    if subj.lower_ in cues.EXTRA_PRONOUNS or _is_possessed_body(subj):
        for gov in chain:
            gsubj = subject_of(gov)
            if gsubj is not None and gsubj is not subj:
                found = (
                    after_dateline(gsubj, gov)  # "MANILA — The Bank said its board had approved …"
                    if in_dateline(gsubj)
                    else actors_of(gsubj, ctx)
                )
                if not found and gsubj.lemma_.lower() in _ANAPHORIC_BODIES:
                    found = _anaphoric_actor(gsubj, sent, ctx)  # "The government announced that it would …"
                if found:
                    return found
        if subj.lower_ in {"we", "i"} or _is_possessed_body(subj):
            return _speaker_actor(sent, trig, ctx)  # "we will send", "our country will donate", said by X
        if subj.lower_ in {"it", "they"}:  # "X has no plans to …, but it will provide …", else the last sentence's
            return _earlier_subject_actor(subj, sent, ctx) or ctx.previous_subject_actor(sent)
        return []
    found = actors_of(subj, ctx)
    bare = not any(c.dep_ in {"amod", "compound", "poss"} for c in subj.children)
    if not found and bare and subj.lemma_.lower() in _ANAPHORIC_BODIES:
        found = _reporter_state(subj, chain, ctx) or _anaphoric_actor(subj, sent, ctx)
    if not found and bare and subj.lemma_.lower() in _INSTITUTION_ANAPHORS:
        found = _named_institution_before(subj)  # "The World Bank … On Monday the bank approved …"
    return found


# "the bank", "the lender", "the fund", "the charity": an institution named earlier, by its kind.
_INSTITUTION_ANAPHORS = {
    "bank": ("Bank",),
    "lender": ("Bank", "Fund"),
    "fund": ("Fund",),
    "charity": (),
    "organisation": (),
    "organization": (),
    "agency": (),
}


def _named_institution_before(subj: Token) -> list[str]:
    """The last institution the article names before "the bank" / "the charity" that is of that kind (a
    "Bank" for the bank, any organisation for the charity), never a state or a state's organ."""
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in subj.children):
        return []
    kinds = _INSTITUTION_ANAPHORS[subj.lemma_.lower()]
    for ent in reversed([e for e in subj.doc.ents if e.end <= subj.i and e.label_ == "ORG"]):
        known = lookup(ent.text)
        name = known or org_entity(ent.root)
        if name is None or is_state(name):
            continue
        if kinds and not any(k in name for k in kinds):
            continue
        if not kinds and known is not None and any(k in name for k in ("Bank", "Fund")):
            continue  # "the charity" is no bank
        return [name]
    return []


def after_dateline(subj: Token, verb: Token) -> list[str]:
    """The actors the parse left after a dateline it took as ``verb``'s subject ("NAIROBI — The Bank's
    board approved …"): the words between the dateline and the subject's own verb, which comes first
    when ``verb`` hangs on it ("…'s board completed the review, allowing the release of $X")."""
    end = dateline_end(subj)
    stop = subj.head.i if end < subj.head.i < verb.i else verb.i
    words = list(subj.doc[end + 1 : stop])
    found, whole = _coordinated_actors(words), _leading_name(words)
    acronym = _bracketed_acronym(words)
    if acronym:  # the long name the tables do not know is the acronym's: one actor
        return [f for f in found if lookup(f) is not None] + [a for a in acronym if a not in found]
    if whole and all(lookup(f) is None and f in whole[0] for f in found):
        return whole  # "Care for Villages", not the "Villages" an entity piece gives
    return found


def _bracketed_acronym(words: list[Token]) -> list[str]:
    """The actor a bracketed acronym names, for a long name split by its "and" ("The Gulf Aid and Relief
    Centre (GARC)"): the acronym is the name the tables know."""
    for k in range(1, len(words) - 1):
        if words[k - 1].text == "(" and words[k + 1].text == ")":
            name = lookup(words[k].text)
            if name:
                return [name]
    return []


def _leading_name(words: list[Token]) -> list[str]:
    """The capitalised name the words open with, for a name the actor tables do not know ("Save the
    Children" after a dateline); ``donors.can_give`` later keeps it only if it reads as an organisation."""
    run: list[Token] = []
    for tok in words:
        if (tok.is_title and tok.is_alpha) or (tok.lower_ in {"the", "of", "for", "and"} and run):
            run.append(tok)
        else:
            break
    while run and not run[-1].is_title:
        run.pop()
    return [" ".join(t.text for t in run)] if run and run[0].lower_ != "the" else []


def _coordinated_actors(toks: list[Token]) -> list[str]:
    """The actors of a subject the parse left in pieces: "Norway and Denmark", "Spain, Italy and Greece"."""
    parts: list[list[Token]] = [[]]
    for t in toks:
        if t.lower_ in {"and", ","} and parts[-1]:
            parts.append([])
        elif t.lower_ not in {"and", ","}:
            parts[-1].append(t)
    found: list[str] = []
    for part in parts:
        name = actor_in_tokens(part) if part else None
        if name and name not in found:
            found.append(name)
    return found


def _unparsed_subject(trig: Token, sent: Span) -> list[str]:
    """No subject in the parse ("USAID will provide …" with USAID read as an adverb): a named actor in
    the words before the verb, when no other verb stands between."""
    doc = sent.doc
    start = sent.start
    end_dash = dateline_end(doc[start]) if doc[start].is_upper else -1
    before = list(doc[max(start, end_dash + 1) : trig.i])
    if not before or len(before) > 8 or any(t.pos_ == "VERB" for t in before):
        return []
    name = actor_in_tokens(before)
    return [name] if name else []


def _gapped_reporter(pron: Token) -> list[str]:
    """ "A said it would give $X, and B that it added $Y": the reporting verb is gapped, so the pronoun
    after "B that" is B (the parse hangs the clause anywhere; the words are what says it)."""
    doc = pron.doc
    if pron.i < 3 or doc[pron.i - 1].lower_ != "that":
        return []
    end = pron.i - 1  # the actor's name ends just before "that"
    start = end - 1
    while start > 0 and doc[start - 1].pos_ == "PROPN" and end - start < 6:
        start -= 1
    if doc[start - 1].lower_ == "the":
        start -= 1
    if start < 1 or doc[start - 1].lower_ not in {"and", ","}:
        return []
    name = actor_in_tokens(doc[start:end])
    return [name] if name else []


def _earlier_subject_actor(pron: Token, sent: Span, ctx: DocContext) -> list[str]:
    """The nearest actor subject before the pronoun in its own sentence."""
    for tok in reversed(sent.doc[sent.start : pron.i]):
        if tok.dep_ in {"nsubj", "nsubjpass"} and tok.lower_ not in cues.EXTRA_PRONOUNS and not in_dateline(tok):
            found = actors_of(tok, ctx)
            if found:
                return found
    return []


# "the bloc", "the country", "the government": an actor named earlier in the article.
_ANAPHORIC_BODIES = {
    "bloc",
    "alliance",
    "country",
    "government",
    "kingdom",
    "nation",
    "emirate",
    "republic",
    "administration",
    "cabinet",
}


def _reporter_state(subj: Token, chain: list[Token], ctx: DocContext) -> list[str]:
    """ "A's finance minister said the kingdom would deposit $X": the state of the one who reports what
    "the kingdom", "the country" or "the government" will do."""
    for gov in chain:
        if gov.lemma_ not in ATTRIBUTION_VERBS:
            continue
        speaker = subject_of(gov)
        if speaker is not None and speaker is not subj and speaker.lower_ not in cues.EXTRA_PRONOUNS:
            found = actors_of(speaker, ctx)
            if found:
                return found
    return []


def _anaphoric_actor(subj: Token, sent: Span, ctx: DocContext) -> list[str]:
    lemma = subj.lemma_.lower()
    if lemma == "bloc" and ctx.mentions("European Union"):
        return ["European Union"]
    if lemma == "alliance" and ctx.mentions("NATO"):
        return ["NATO"]
    if lemma in {"bloc", "alliance"}:
        return []
    found = (_headed_state(sent, subj) if _the_body(subj) else []) or ctx.previous_subject_actor(sent)
    if not found and ctx.donors_seen and is_state(ctx.donors_seen[-1]):
        found = [ctx.donors_seen[-1]]  # "The government also announced …": the state giving so far
    return found


ATTRIBUTION_VERBS = words("attribution_verbs")


def _the_body(tok: Token) -> bool:
    """ "the government", "the country": one body named by its kind (not "countries taking part")."""
    return (
        tok.tag_ == "NN"
        and tok.lemma_.lower() in _ANAPHORIC_BODIES
        and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
    )


def _headed_state(sent: Span, at: Token) -> list[str]:
    """ "HELSINKI – The government approved …", "• FINLAND – The government …": the one state that the
    place line opening the paragraph of ``at`` names (a capital's state, or the state itself). The
    parser may run a bulleted line into the lines before it, so the paragraph, not the sentence, counts."""
    doc = sent.doc
    start = at.i
    while start > sent.start and "\n" not in doc[start - 1].text:
        start -= 1
    words: list[str] = []
    after = start
    for tok in doc[start : min(start + 8, sent.end)]:
        if tok.is_alpha and tok.is_upper and len(tok) > 1:
            words.append(tok.text)
            after = tok.i + 1
        elif words or tok.is_alpha or tok.like_num:
            break  # a bullet or a blank before the place is skipped
    if not words or after >= sent.end or doc[after].text not in DASHES:
        return []
    place = " ".join(words).title()
    state = (lookup(place) or city_state_of(place)) if place else None
    return [state] if state and is_state(state) else []


def _is_possessed_body(tok: Token) -> bool:
    """ "its board", "their government", "her country" (said by a minister): the body of an actor named
    elsewhere in the sentence, or the speaker's own state."""
    owners = {"its", "their", "our"} | ({"his", "her", "my"} if tok.lemma_.lower() in _OWN_STATE else set())
    return any(c.dep_ == "poss" and c.lower_ in owners for c in tok.children)


_OWN_STATE = {"country", "nation", "government", "state"}


def _speaker_actor(sent: Span, trig: Token, ctx: DocContext) -> list[str]:
    """For "we" inside a quote: the actor in the attribution of the same sentence ("EC spokesperson X said")."""
    for tok in sent:
        if tok.lemma_ in ATTRIBUTION_VERBS and tok.i != trig.i:
            s = subject_of(tok)
            if s is not None and s.lower_ not in cues.EXTRA_PRONOUNS:
                found = actor_in_tokens(s.subtree, orgs=False) or ctx.state_of_person(s)
                if found:
                    return [found]
            if s is not None and (s.lower_ in {"he", "she"} or (s.lemma_.lower() in _ROLE_NOUNS and s.tag_ == "NN")):
                found = ctx.last_titled_state(sent.start_char)  # "…," the premier said / she said
                if found:
                    return [found]
    return []


_ROLE_NOUNS = {"premier", "minister", "president", "chancellor", "spokesperson", "spokesman", "spokeswoman"}


def actors_of(head: Token, ctx: DocContext) -> list[str]:
    """The named actors of a noun phrase and its conjuncts; unnamed aggregates are dropped."""
    found: list[str] = []
    for np in [head, *head.conjuncts]:
        if is_unnamed(np):
            continue
        toks = _np_tokens(np)
        name = _whole_entity(np)
        name = name or (ctx.state_of_person(np) if np.tag_ == "NNP" and lookup(np.text) is None else None)
        if name is None and ctx.is_titled_person(np):
            name = actor_in_tokens(toks, orgs=False)  # a person is never the donor, their state may be
        else:
            if name is None and np.lemma_.lower() in _ORG_NOUNS:
                name = _appos_org(np)  # "the British charity Oxfam" is Oxfam, not Britain
            name = name or _longer_known_name(np, toks) or org_entity(np)
            name = name or actor_in_tokens(toks, orgs=False) or _named_org(toks) or _appos_org(np)
        if name and name not in found:
            found.append(name)
    return found


def _longer_known_name(np: Token, toks: list[Token]) -> str | None:
    """ "the International Federation of Red Cross and Red Crescent Societies": the parser splits a long
    name at "and" and tags its tail an entity of its own; the institution the tables know whose name
    holds that tail is the actor."""
    org = org_entity(np)
    known = actor_in_tokens(toks, orgs=False) if org else None
    return known if known and not is_state(known) and org != known and org in known else None


def _whole_entity(np: Token) -> str | None:
    """The actor an ORG entity names as a whole ("the Inter-American Development Bank" is no American
    actor), before its words are read one by one."""
    if np.ent_type_ != "ORG":
        return None
    ent = next((e for e in np.doc.ents if e.start <= np.i < e.end), None)
    return lookup(ent.text) if ent is not None else None


_ORG_NOUNS = words("organisation_heads")  # "the charity Oxfam", "the lender, the World Bank"


def _appos_org(np: Token) -> str | None:
    """ "the charity Direct Relief", "the lender, the World Bank": the organisation in apposition."""
    for child in np.children:
        if child.dep_ == "appos":
            bracketed = _bracketed_acronym(list(np.doc[child.i - 1 : child.i + 2])) if child.i > 0 else []
            if bracketed:
                return bracketed[0]  # "… Aid and Relief Centre (KSrelief)": the acronym the tables know
            if _described_name(np, child):
                return " ".join(t.text for t in np.subtree if t.i < child.left_edge.i and not t.is_punct)
            name = org_entity(child) or _named_org(list(child.subtree))
            if name:
                return name
    nxt = np.doc[np.i + 1] if np.i + 1 < len(np.doc) else None
    if nxt is not None and nxt.ent_type_ == "ORG" and nxt.ent_iob_ == "B":  # the parse split "charity Oxfam"
        return org_entity(nxt)
    if nxt is not None and nxt.pos_ == "PROPN" and np.lower_ in _ORG_NOUNS:  # "the charity Hope Relief", untagged
        named = _leading_name(list(np.doc[nxt.i : min(nxt.i + 6, len(np.doc))]))
        return named[0] if named else None
    return None


def _described_name(np: Token, appos: Token) -> bool:
    """ "Gavi, the Vaccine Alliance, approved …": a name the actor tables do not know, described by an
    organisation after it; the name is the actor, the description only says what it is."""
    return (
        np.pos_ == "PROPN"
        and np.i < appos.i
        and lookup(np.text) is None
        and appos.lower_ in _ORG_NOUNS
        and any(t.lower_ in {"the", "a", "an"} for t in appos.children)
    )


def _named_org(toks: list[Token]) -> str | None:
    """An ORG entity in the phrase that is not a news agency ("the Gates Foundation")."""
    for tok in toks:
        name = org_entity(tok) if tok.ent_iob_ == "B" else None
        if name:
            return name
    return None


def _np_tokens(np: Token) -> list[Token]:
    skip: set[int] = set()
    for child in np.children:
        if child.dep_ in {"relcl", "acl", "advcl", "appos", "conj", "cc"} or (
            child.dep_ == "prep" and child.lower_ not in {"of", "in"} and not _inside_name(np, child)
        ):
            skip.update(t.i for t in child.subtree)
    return [t for t in np.subtree if t.i not in skip]


def _without_leader(toks: list[Token]) -> list[Token]:
    """The words without a name hyphenated to a participle that says who leads, backs or runs the thing
    ("to the Nigeria-led force in Mali", "for the Saudi-backed fund"): that state is no recipient."""
    doc = toks[0].doc if toks else None
    drop: set[int] = set()
    for tok in toks:
        if doc is None or tok.text != "-" or tok.i + 1 >= len(doc) or doc[tok.i + 1].tag_ != "VBN":
            continue
        k = tok.i - 1
        while k >= 0 and doc[k].pos_ == "PROPN":  # "Kenya-led", "South Sudan-led"
            drop.add(k)
            k -= 1
    return [t for t in toks if t.i not in drop] if drop else toks


def _before_figure(np: Token) -> bool:
    """The name is followed right away by a money figure ("… and South Korea $40 million")."""
    nxt = np.doc[np.i + 1] if np.i + 1 < len(np.doc) else None
    first = np.left_edge.i
    return nxt is not None and nxt.ent_type_ == "MONEY" and first > 0 and np.doc[first - 1].lower_ in {"and", ","}


def _inside_name(np: Token, prep: Token) -> bool:
    """ "High Commissioner for Refugees", "Fund for Development": a preposition between capitalised words
    of one name."""
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    return np.text[:1].isupper() and obj is not None and obj.text[:1].isupper() and prep.i == np.i + 1


def _passive_by_giver(trig: Token) -> list[str]:
    """The "by X" of a passive with two objects ("Laos was granted a loan by Japan"), whatever the parse
    called the preposition: X gives."""
    found: list[str] = []
    near = [*trig.children, *(g for c in trig.children if c.dep_ == "dobj" for g in c.children)]
    for prep in (c for c in near if c.lower_ == "by" and c.dep_ in {"agent", "prep"}):
        for p in prep.children:
            for np in [p, *p.conjuncts] if p.dep_ == "pobj" and is_actor_head(p) else []:
                name = actor_in_tokens(_np_tokens(np))
                if name and name not in found:
                    found.append(name)
    return found


def from_actor(objs: list[Token]) -> list[str]:
    """The giver named by "from X" or by an agent ("tanks promised by Spain")."""
    for t in objs:
        if (t.lower_ == "from" and t.dep_ == "prep") or (t.dep_ == "agent" and t.head.lemma_.lower() in cues.TRIGGERS):
            found: list[str] = []
            for p in t.children:
                for np in [p, *p.conjuncts] if p.dep_ == "pobj" else []:
                    if is_actor_head(np):  # not "from Russian central bank assets"
                        name = actor_in_tokens(_np_tokens(np))
                        if name and name not in found:
                            found.append(name)
            if found:
                return found  # "from Denmark and Germany": each gives
    return []


def recipients_of(objs: list[Token], donors: list[str], *, arrival: bool = False) -> list[str]:
    """Dative objects, then "to"/"for" phrases, then "in" phrases of purpose clauses."""
    found: list[str] = []
    orgs: list[str] = []
    origins: list[str] = []
    inside = {t.i for t in objs}
    for t in objs:
        owner = _owning_state(t) if arrival and t.dep_ == "dobj" and t.pos_ == "NOUN" else None
        if owner and owner not in found:
            found.append(owner)  # "aid began to reach Myanmar's western Rakhine state": the state it reaches
        if t.dep_ in {"dative", "dobj"} and t.pos_ == "PROPN":
            for np in [t, *t.conjuncts]:
                if _before_figure(np):
                    continue  # "A offered $X and B $Y": B gives (a gapped pledge)
                name = lookup(np.text) or actor_in_tokens(_np_tokens(np), orgs=False) or city_state(_np_tokens(np))
                if name and is_state(name) and name not in found:
                    found.append(name)
    found = [f for f in _fled_into(objs) if f not in donors] or found  # not the state they fled
    for preps in ({"to", "for", "towards"}, {"in"}):
        if any(is_state(f) for f in found) or (found and preps != {"in"}):
            break  # but "to the WFP's operations in Myanmar": the state the agency's aid is for
        for t in objs:
            if t.dep_ not in {"prep", "dative"} or t.lower_ not in preps:  # "give X to A and B": "to" is dative
                continue
            if t.lower_ == "in" and not arrival and (t.head.i not in inside or t.head.lemma_ in _EVENT_NOUNS):
                continue  # "pledged in Paris", "at the conference in Paris": where, not for whom
            if _inside_origin(t):
                continue  # "from its warehouse in Fiji", "during a visit to a camp in Chad": not for whom
            for p in t.children:
                if p.dep_ != "pobj":
                    continue
                for np in [p, *p.conjuncts]:
                    if is_unnamed(np):
                        continue
                    toks = _without_leader(_np_tokens(np))
                    name = _where_people_are(np) or actor_in_tokens(toks, orgs=False) or city_state(toks)
                    if name and _uprooted(np):
                        origins.append(name)  # "for Sudanese refugees": where they fled from, kept as a last resort
                        continue
                    if name and name not in found and name not in donors:
                        found.append(name)
                    elif name is None:
                        org = actor_in_tokens(toks)
                        if org and org not in orgs:
                            orgs.append(org)
    found = [f for f in found if f not in donors] or [o for o in origins if o not in donors][:1]
    found = found or linear_recipients(objs, donors) or _party_to_deal(objs, donors)
    if any(is_state(f) for f in found):
        found = [f for f in found if is_state(f)]  # "to the WFP for its work in Sudan": the agency is the channel
    return found or [o for o in orgs if o not in donors][:1]


_DEAL_NOUNS = {"agreement", "deal", "accord", "memorandum", "arrangement", "pact", "treaty"}


def _lender_and_borrowers(signers: list[str], objs: list[Token]) -> tuple[list[str], list[str]]:
    """Co-signers of an aid agreement: the one institution among them lends to the states. Two states
    say nothing of who gives by themselves (the deal's own clause may: see ``_co_signers``), but a loan
    or grant in one's own currency is that one's ("Japan and Kenya signed a loan agreement worth 20
    billion yen": Japan lends; a dollar deal between two other states names no lender)."""
    lenders = [n for n in signers if not is_state(n)]
    if len(lenders) == 1:
        return lenders, [n for n in signers if n != lenders[0]]
    issuer = currency_state(objs) if not lenders and len(signers) == 2 else None
    if issuer in signers:
        return [issuer], [n for n in signers if n != issuer]
    return [], []


_CURRENCY_STATES: dict[str, str] = dict(lexicon("currency_states").values)


def currency_state(objs: list[Token]) -> str | None:
    """The state whose national currency the first figure among the deal's words is in."""
    if not objs:
        return None
    doc = objs[0].doc
    lo, hi = min(t.i for t in objs), max(t.i for t in objs)
    span = doc[lo : hi + 1]
    found = find_money(span.text, span.start_char)
    return _CURRENCY_STATES.get(found[0].currency or "") if found else None


def _co_signers(trig: Token, donors: list[str], ctx: DocContext) -> list[str]:
    """ "A and B signed a deal under which A will finance X": B, the other party to the deal, receives."""
    deal = trig.head
    if trig.dep_ != "relcl" or deal.lemma_.lower() not in _DEAL_NOUNS or deal.head.lemma_.lower() != "sign":
        return []
    subj = next((c for c in deal.head.children if c.dep_ == "nsubj"), None)
    return [n for n in (actors_of(subj, ctx) if subj is not None else []) if n not in donors]


_LOAN_NOUNS = {"loan", "grant", "credit", "financing", "facility"}


def _lending_partner(objs: list[Token]) -> str | None:
    """The institution (no state) a state signs a loan or financing agreement with ("signed a $X loan with
    the EBRD"): the lender, whatever the order of the signers ("an agreement with the WFP to provide
    food" names a channel, not a lender)."""
    if not any(t.lemma_.lower() in _LOAN_NOUNS for t in objs):
        return None
    lent = any(t.lemma_.lower() in _LOAN_NOUNS - {"grant"} for t in objs)
    for t in objs:
        if (
            t.dep_ == "prep"
            and t.lower_ == "with"
            and (t.head.lemma_.lower() in _LOAN_NOUNS | _DEAL_NOUNS or t.head.pos_ == "VERB")
        ):
            for p in t.children:
                name = actor_in_tokens(_np_tokens(p)) if p.dep_ == "pobj" else None
                if name and lookup(name) is not None and not is_state(lookup(name)):
                    return lookup(name) if lent or _finances(lookup(name) or "") else None
    return None


_FINANCING_WORDS = ("Bank", "Fund", "Monetary", "Investment", "Finance", "Development Association")


def _finances(institution: str) -> bool:
    """A bank or a fund (which may give grants as well as loans), not an agency that a grant pays for
    ("a $X grant agreement with UNICEF": the state gives, UNICEF receives)."""
    return any(w in institution for w in _FINANCING_WORDS)


def _party_to_deal(objs: list[Token], donors: list[str]) -> list[str]:
    """ "signed a €400 million loan agreement with Ukraine": the other party to an aid agreement."""
    for t in objs:
        if t.dep_ == "prep" and t.lower_ == "with" and t.head.lemma_.lower() in _DEAL_NOUNS:
            for p in t.children:
                name = actor_in_tokens(_np_tokens(p), orgs=False) if p.dep_ == "pobj" else None
                if name and name not in donors:
                    return [name]
    return []


_PEOPLE = words("people_in_need")


_UPROOTED = words("uprooted_people")


def _uprooted(np: Token) -> bool:
    """ "Sudanese refugees", "Afghan migrants": people outside their state, named by a demonym only."""
    return np.lemma_.lower() in _UPROOTED and any(c.dep_ == "amod" and c.ent_type_ == "NORP" for c in np.children)


def _owning_state(noun: Token) -> str | None:
    """The state that owns a place noun by a possessive ("Sudan's Darfur region", "Myanmar's coast")."""
    for c in noun.children:
        name = actor_in_tokens(list(c.subtree), orgs=False) if c.dep_ == "poss" else None
        if name and is_state(name):
            return name
    return None


def _where_people_are(np: Token) -> str | None:
    """ "for Sudanese refugees in Chad": the aid is for the state where the people are (Chad)."""
    if np.lemma_.lower() not in _PEOPLE:
        return None  # "refugees and host communities in Chad": the place may close the last conjunct
    for prep in [c for n in (np, *np.conjuncts) if n.lemma_.lower() in _PEOPLE for c in n.children]:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            for p in prep.children:
                if p.dep_ != "pobj":
                    continue
                name = actor_in_tokens(_np_tokens(p), orgs=False) or _city_named(p)
                if is_state(name):
                    return name
    return None


def _city_named(np: Token) -> str | None:
    """The state of the city a noun phrase names whole ("children in Cox's Bazar": Bangladesh)."""
    return city_state_of(np.doc[np.left_edge.i : np.right_edge.i + 1].text)


_FLEEING = {"flee", "escape", "cross"}


def _fled_into(objs: list[Token]) -> list[str]:
    """ "to help people who fled fighting in A into B and C": the aid is for the states the people fled
    into (B, C), not the one they left."""
    out: list[str] = []
    for t in objs:
        if t.lemma_.lower() not in _FLEEING or t.pos_ != "VERB":
            continue
        for prep in t.children:
            if prep.dep_ != "prep" or prep.lower_ not in {"into", "to"}:
                continue
            for p in prep.children:
                for np in [p, *p.conjuncts] if p.dep_ == "pobj" else []:
                    name = actor_in_tokens(_np_tokens(np), orgs=False)
                    if name and is_state(name) and name not in out:
                        out.append(name)
    return out


def _inside_origin(prep: Token) -> bool:
    """The phrase sits inside a "from …" or "out of …" phrase (the origin, not the recipient), or
    describes an event ("during a visit to …")."""
    cur = prep.head
    for _ in range(5):
        if (cur.dep_ == "prep" and cur.lower_ in {"from", "out"}) or cur.lemma_.lower() in _EVENT_NOUNS:
            return True
        if cur.head is cur or cur.pos_ == "VERB":
            return False
        cur = cur.head
    return False


_EVENT_NOUNS = {
    "conference",
    "summit",
    "meeting",
    "talks",
    "visit",
    "ceremony",
    "event",
    "forum",
    "briefing",
    "speech",
    "interview",
    "statement",
    "session",
    "capital",
    "trip",
    "tour",
    "call",
    "address",
}
_PURPOSE_VERBS = {
    "support",
    "help",
    "assist",
    "aid",
    "rebuild",
    "strengthen",
    "bolster",
    "boost",
    "protect",
    "defend",
    "reconstruct",
    "stabilise",
    "stabilize",
}


_NP_POS = {"DET", "ADJ", "PROPN", "NOUN", "CCONJ", "PUNCT", "NUM", "PART"}


def per_recipient_figures(
    objs: list[Token], sent: Span, donors: list[str], the_country: str | None = None
) -> list[tuple[Money, str]]:
    """ "€2 million to A and €1 million to B": one figure per named recipient (two or more), else [];
    ``the_country`` is the state "for rebuilding the country" means (named in the sentence before)."""
    doc = sent.doc
    idx = {t.i for t in objs}
    pairs: list[tuple[Money, str]] = []
    for money in find_money(sent.text, sent.start_char):
        span = doc.char_span(money.start, money.end, alignment_mode="expand")
        if span is None or span.start not in idx:
            continue
        if pairs and span.start > 0 and doc[span.start - 1].lower_ in _PART_WORDS:
            return []  # "$X for R, including $Y to agency B": a package for R and its part, not a split
            # (a bill "which includes $Y for A and $Z for B" names no recipient of its own: a split)
        after = _words_after_figure(doc, span.end, sent.end)
        rec = (linear_recipients(after, donors) or _state_of_purpose(after, donors, the_country)) if after else []
        if rec:
            pairs.append((money, rec[0]))
    if len(pairs) >= 2 and len({r for _, r in pairs}) == len(pairs):
        return pairs
    return []


def _words_after_figure(doc: Doc, start: int, end: int, most: int = 12) -> list[Token]:
    """ "€2 million in aid to A": the words after a figure, up to the next figure or clause break, at
    most ``most`` of them outside brackets ("$X from its Central Fund (CF) for relief in A": an acronym
    in brackets does not push the recipient out of reach)."""
    after: list[Token] = []
    counted, depth = 0, 0
    for t in doc[start:end]:
        if t.ent_type_ == "MONEY" or t.text in {";", ","} or t.like_num or counted >= most:
            break
        after.append(t)
        depth += (t.text == "(") - (t.text == ")")
        counted += depth == 0 and t.text != ")"
    return after


_PART_WORDS = {"including", "includes", "include", "which"}  # "… of which $Y to B"


def _state_of_purpose(after: list[Token], donors: list[str], the_country: str | None) -> list[str]:
    """ "€X will go for schools in Mali", "$Y for the rebuilding of Haiti": the state named in the
    "for"/"to" phrase after a figure, when the phrase opens with what the money is for ("for the
    reconstruction of the country": ``the_country``)."""
    k = next((j for j, t in enumerate(after) if t.lower_ in {"to", "for"}), None)
    if k is None:
        return []
    words = [t for t in after[k + 1 :] if t.pos_ != "CCONJ"]
    name = actor_in_tokens(words, orgs=False) if words else None
    if (
        name is None
        and the_country
        and any(t.lower_ in {"country", "nation"} and t.i > 0 and t.doc[t.i - 1].lower_ == "the" for t in words)
    ):
        name = the_country
    return [name] if name and is_state(name) and name not in donors else []


def per_donor_figures(sent: Span, recipients: list[str]) -> list[tuple[Money, str]]:
    """ "R secured $1 billion: $600 million from A and $400 million from B": told from the recipient's
    side, one figure per named giver ("from X" right after the figure; two or more givers), else []."""
    doc = sent.doc
    pairs: list[tuple[Money, str]] = []
    for money in find_money(sent.text, sent.start_char):
        span = doc.char_span(money.start, money.end, alignment_mode="expand")
        if span is None:
            continue
        after = list(doc[span.end : min(span.end + 8, sent.end)])
        k = next((j for j, t in enumerate(after[:4]) if t.lower_ == "from"), None)
        if k is None or any(t.ent_type_ == "MONEY" for t in after[:k]):
            continue  # "$1 billion in new loans: $600 million from A": the total names no giver
        window = []
        for t in after[k + 1 :]:
            if t.ent_type_ == "MONEY" or t.text in {",", ";", ".", ":"}:
                break  # "from the European Bank for Reconstruction and Development and $X from B"
            window.append(t)
        name = actor_in_tokens(window) if window else None
        if name and name not in recipients:
            pairs.append((money, name))
    if len(pairs) >= 2 and len({d for _, d in pairs}) == len(pairs):
        return pairs
    return []


def linear_recipients(objs: list[Token], donors: list[str]) -> list[str]:
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
        for nxt in doc[first : min(first + 6, len(doc))]:
            if nxt.pos_ not in _NP_POS or nxt.text in {",", ".", ";", ":"}:
                break
            window.append(nxt)
        name = actor_in_tokens(_without_leader(window), orgs=False) if window else None
        if name and name not in donors and name not in found:
            found.append(name)
        if found:
            break
    return found


# ---------------------------------------------------------------- merging


def gapped_pledges(sent: Span, first: Money, donors: list[str], recipients: list[str]) -> list[tuple[str, Money]]:
    """ "Germany pledged €100 million, France €50 million and Italy €30 million": one per named actor."""
    doc = sent.doc
    out: list[tuple[str, Money]] = []
    for money in find_money(sent.text, sent.start_char):
        if money.start <= first.start:
            continue
        span = doc.char_span(money.start, money.end, alignment_mode="expand")
        if span is None:
            continue
        before: list[Token] = []
        stop = span.start - 1 if span.start > sent.start and doc[span.start - 1].text == "," else span.start
        for tok in reversed(doc[max(sent.start, stop - 4) : stop]):  # "France €50 million", "; Spain, €10 million"
            if tok.pos_ not in {"PROPN", "DET"} and not (
                tok.tag_ == "NNP" or tok.lower_ in _GAP_HEDGES or _name_word(tok)
            ):
                break
            before.insert(0, tok)
        ent = next((e for e in doc.ents if before and e.start <= before[-1].i < e.end and e.label_ == "ORG"), None)
        name = _gapped_organisation(ent, doc) if ent is not None else None  # "the Inter-American Development Bank $X"
        name = name or (actor_in_tokens(before, orgs=False) if before else None)
        if (
            name and name not in donors and name not in recipients and name not in {d for d, _ in out}
        ):  # a state or a known institution ("…, France €50 million and the World Bank $300 million")
            out.append((name, money))
    return out


_GAP_HEDGES = {"about", "nearly", "almost", "around", "some", "over", "up", "to", "more", "than"}


def _name_word(tok: Token) -> bool:
    """A capitalised word, whatever its tag: the small model often tags a gapped donor as a verb
    ("Norway pledged $5 million for Chad, Denmark $3 million and …")."""
    return tok.is_alpha and (tok.is_title or tok.is_upper) and tok.i > tok.sent.start


def _gapped_organisation(ent: Span, doc: Doc) -> str | None:
    """A gapped donor named by an ORG entity: a known institution, or an organisation by its head word
    ("…, the Harbour Relief Foundation $2 million")."""
    known = lookup(ent.text)
    if known:
        return known
    name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
    return name if can_give(name, None, doc_text(doc)) else None


def _relative_giver(tokens: list[Token], ctx: DocContext) -> list[str]:
    """ "The tanks Germany pledged in January arrived": the subject of a giving verb's relative clause."""
    for tok in tokens:
        if tok.dep_ == "relcl" and tok.lemma_.lower() in cues.TRIGGERS:
            subj = subject_of(tok)
            if subj is not None:
                return actors_of(subj, ctx)
    return []


def _possessor_giver(tokens: list[Token]) -> list[str]:
    """ "Spain's €20 million contribution … arrived": the owner of the aid noun gives it."""
    for tok in tokens:
        if tok.lemma_.lower() in cues.AID_NOUNS or tok.lemma_.lower() in _OWNED_GIFTS:
            for c in tok.children:
                name = actor_in_tokens(list(c.subtree), orgs=False) if c.dep_ == "poss" else None
                if name:
                    return [name]
    return []


_OWNED_GIFTS = {"pledge", "gift", "shipment", "consignment", "delivery", "convoy"}


def _demonym_giver(tokens: list[Token], recipients: list[str]) -> list[str]:
    """The state named by an adjective on the aid itself ("German tanks", "Japanese aid"), not on where it
    goes ("the contribution to the Gaza relief fund")."""
    destination = {t.i for p in tokens if p.dep_ == "prep" and p.lower_ in {"to", "for", "into"} for t in p.subtree}
    for tok in tokens:
        if tok.i in destination:
            continue
        if (
            tok.dep_ in {"amod", "compound"}
            and (tok.ent_type_ in {"NORP", "GPE", "ORG"} or (tok.text[:1].isupper() and not tok.ent_type_))
            and (
                tok.head.lemma_.lower() in cues.AID_NOUNS
                or tok.head.lower_ in EQUIPMENT_HEADS
                or tok.head.ent_type_ == "WEAPON"  # "Swedish Archer howitzers"
            )
        ):
            name = lookup(tok.text)
            if name and is_state(name) and name not in recipients:
                return [name]
    return []


def _receivers(subj: Token, sent: Span, ctx: DocContext) -> list[str]:
    """The subject of a receiving verb, a pronoun read as the named subject before it in its sentence:
    "the Navy said that it had received a corvette from A" is received by the Navy."""
    if subj.lower_ not in cues.EXTRA_PRONOUNS:
        return actors_of(subj, ctx)
    return _earlier_subject_actor(subj, sent, ctx)


def parties(
    trig: Token,
    subj: Token | None,
    objs: list[Token],
    carried: list[Token],
    chain: list[Token],
    sent: Span,
    ctx: DocContext,
) -> tuple[list[str], list[str]]:
    """(donors, recipients) by the verb's direction: give/send, receive, or aid arriving."""
    lemma = cues.act_lemma(trig)
    owner = decision_owner(trig, ctx)
    if lemma in cues.RECIPIENT_SIDE_VERBS:  # "Kyiv received X from Berlin", "R accepted offers from A and B"
        recipients = _receivers(subj, sent, ctx) if subj is not None else []
        givers = from_actor(objs) or [n for n in owner if n not in recipients] or _demonym_giver(objs, recipients)
        return givers, recipients
    if lemma in cues.ARRIVAL_VERBS:  # "aid from Egypt arrived in Gaza", "Japanese aid arrived in Turkey"
        recipients = recipients_of(objs, [], arrival=True)
        named = (
            _possessor_giver(carried)
            or from_actor(carried)
            or from_actor(objs)
            or _relative_giver(carried, ctx)
            or _demonym_giver(carried, recipients)
            or _demonym_giver(objs, recipients)  # the parse took a carried good for the subject
        )
        return named, [r for r in recipients if r not in named]
    if lemma == "thank":  # "Zelensky thanked Denmark for a new €200 million package"
        thanked = next((c for c in trig.children if c.dep_ == "dobj"), None)
        givers = actors_of(thanked, ctx) if thanked is not None else []
        thanker = [ctx.state_of_person(subj) or "", *actors_of(subj, ctx)] if subj is not None else []
        return givers, [r for r in thanker if r and r not in givers][:1]
    taker = next((c for c in trig.children if c.dep_ == "nsubjpass"), None)
    if subj is None and taker is not None and any(c.dep_ == "dobj" for c in trig.children):
        givers = _passive_by_giver(trig)  # "Togo was given $2 million by Ghana": the subject receives
        if givers:
            return givers, [r for r in actors_of(taker, ctx) if r not in givers]
    named = owner or (donors_of(trig, subj, chain, sent, ctx) if subj is not None else _unparsed_subject(trig, sent))
    named += [n for n in _joined(trig, chain, ctx) if n not in named]  # "A joined B in pledging …"
    named += [n for n in _joint_partners(objs, named) if n not in named]  # "a Danish-Dutch package"
    if lemma == "sign" and len(named) >= 2 and any(t.lemma_.lower() in _DEAL_NOUNS for t in objs):
        return _lender_and_borrowers(named, objs)  # "The World Bank and Kenya signed a $X financing agreement"
    lender = _lending_partner(objs) if lemma == "sign" and named and all(is_state(n) for n in named) else None
    if lender is not None:
        return [lender], named  # "Kenya signed a $X loan agreement with the World Bank": the bank lends
    recipients = (
        recipients_of(objs, named, arrival=lemma == "deposit")
        or _for_clause_subject(trig, named)
        or _co_signers(trig, named, ctx)
        or (_reporting_states(subj, owner, ctx) if owner else [])
    )
    if not named and subj is not None and ctx.is_titled_person(subj):
        named = ctx.home_state(exclude=set(recipients))  # "Prime Minister X announced …"
    return named, recipients


_DECISION_NOUNS = words("decision_nouns")


def _reporting_states(subj: Token | None, owner: list[str], ctx: DocContext) -> list[str]:
    """ "R's central bank announced the Chilean decision to extend a $X loan": with no recipient named
    in the act's own clause, the state that reports another's decision to it receives."""
    return [a for a in actors_of(subj, ctx) if is_state(a) and a not in owner] if subj is not None else []


def decision_owner(trig: Token, ctx: DocContext) -> list[str]:
    """ "R's central bank announced the Kuwaiti decision to extend a $X deposit", "R welcomed A's offer
    to lend it $X": the owner of the decision noun (a possessor, a demonym, "by A") is the giver of the
    act, whether the trigger is the noun's own clause ("to extend") or the verb that reports it. The
    parse sometimes hangs the clause on the reporting verb ("praised the Chilean offer to send", "to
    send" an xcomp of "praised"): the noun is then that verb's object before the trigger."""
    if trig.dep_ == "acl" and trig.head.lemma_.lower() in _DECISION_NOUNS:
        noun: Token | None = trig.head
    elif trig.dep_ == "xcomp" and any(
        c.dep_ == "dobj" and c.i < trig.i and c.lemma_.lower() in _DECISION_NOUNS for c in trig.head.children
    ):
        noun = next(c for c in trig.head.children if c.dep_ == "dobj" and c.lemma_.lower() in _DECISION_NOUNS)
    else:
        noun = next((c for c in trig.children if c.dep_ == "dobj" and c.lemma_.lower() in _DECISION_NOUNS), None)
    if noun is None:
        return []
    for c in noun.children:
        if c.dep_ == "poss" or (c.dep_ in {"compound", "amod"} and c.ent_type_ in {"GPE", "NORP", "ORG"}):
            found = actors_of(c, ctx)
        elif c.dep_ == "prep" and c.lower_ == "by":
            found = [n for p in c.children if p.dep_ == "pobj" for n in actors_of(p, ctx)]
        else:
            continue
        if found:
            return found
    return []


def _joint_partners(objs: list[Token], donors: list[str]) -> list[str]:
    """ "A sends a joint A-B convoy", "A will deliver an A-B package of €X": a hyphenated pair of states
    on the aid itself makes it a joint package, one commitment per state (AID_GUIDELINES 9), when one of
    them is the giver already named."""
    doc = objs[0].doc if objs else None
    for tok in objs:
        if doc is None or tok.text != "-" or not 0 < tok.i < len(doc) - 1:
            continue
        left, right = doc[tok.i - 1], doc[tok.i + 1]
        head = right.head if right.dep_ in {"amod", "compound"} else None
        if head is None or not (head.lemma_.lower() in cues.AID_NOUNS or head.lemma_.lower() in _OWNED_GIFTS):
            continue
        pair = [lookup(left.text), lookup(right.text)]
        if all(p and is_state(p) for p in pair) and any(p in donors for p in pair):
            return [p for p in pair if p and p not in donors]
    return []


def _joined(trig: Token, chain: list[Token], ctx: DocContext) -> list[str]:
    """ "Latvia joined Estonia in pledging €X": the one joined gives too."""
    if len(chain) < 2 or chain[0].lower_ != "in" or chain[1].lemma_.lower() != "join":
        return []
    joined = next((c for c in chain[1].children if c.dep_ == "dobj"), None)
    return actors_of(joined, ctx) if joined is not None else []


def _for_clause_subject(trig: Token, donors: list[str]) -> list[str]:
    """ "approved $X in financing for Moldova to help the country …": the parse makes the recipient
    the subject of a "for … to" clause."""
    for clause in trig.children:
        if clause.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "for" for c in clause.children):
            continue
        for subj in clause.children:
            name = actor_in_tokens(_np_tokens(subj), orgs=False) if subj.dep_ == "nsubj" else None
            if name and is_state(name) and name not in donors:
                return [name]
    return []


_NEWNESS = {"new", "latest", "additional", "fresh", "further", "extra", "another"}


def thanked_for(trig: Token) -> list[Token]:
    """The "for …" phrase of a thanks, when it names a new act of giving ("thanked Denmark for a new
    €200 million package"); thanks for support in general ("for its support") name no act."""
    for prep in trig.children:
        if prep.dep_ == "prep" and prep.lower_ == "for":
            toks = list(prep.subtree)[1:]
            if any(t.lower_ in _NEWNESS or t.ent_type_ == "MONEY" for t in toks):
                return toks
    return []
