"""What an aid mention needs beyond its clause: the document's context, figure, type and status."""

from __future__ import annotations

import functools
import re
from collections import Counter

from spacy.tokens import Doc, Span, Token

from claimstream.extract.actors import actor_in_tokens, is_state, lookup, org_entity
from claimstream.extract.aid import cues
from claimstream.extract.datelines import in_dateline
from claimstream.extract.doctext import doc_sentences, doc_text
from claimstream.extract.lexicon import words
from claimstream.extract.money import Money, find_money

_CLAUSAL = {"conj", "advcl", "ccomp", "xcomp", "parataxis", "relcl", "acl"}
_NAME_LABELS = {"GPE", "NORP", "LOC", "ORG", "PERSON", "FAC"}
_REPORTING = words("attribution_verbs")


_TITLES = {
    "president",
    "minister",
    "chancellor",
    "premier",
    "secretary",
    "king",
    "queen",
    "emir",
    "sheikh",
    "prince",
    "taoiseach",
    "leader",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "ambassador",
}


class DocContext:
    """Per-article facts shared by every mention: sentences, the lead, blocks, the main country."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.sentences = doc_sentences(doc)
        self.lead_index = next((i for i, s in enumerate(self.sentences) if sum(t.is_alpha for t in s) >= 5), 0)
        self._block_starts = self._find_blocks()
        self._titles: dict[str, str] | None = None
        self.recipients_seen: Counter[str] = Counter()  # recipients of the mentions found so far
        self.donors_seen: list[str] = []  # donors of the mentions found so far, in text order
        self.total_recipients: list[str] = []  # whom the article's running totals are for ("a combined $X to R")
        self._named: set[str | None] | None = None
        self._titled_last_words: set[str] | None = None

    def _find_blocks(self) -> list[tuple[int, int]]:
        """Spans of marked blocks ("Read also: …", "Background: …") up to the next blank line."""
        text = doc_text(self.doc)
        spans = []
        for label in cues.BLOCK_LABELS:
            for m in re.finditer(r"(?im)^\s*" + re.escape(label.rstrip(":")) + r"\b", text):
                end = text.find("\n\n", m.end())
                spans.append((m.start(), len(text) if end < 0 else end))
        return spans

    def in_block(self, sent: Span) -> bool:
        return any(s <= sent.start_char < e for s, e in self._block_starts)

    # Computed on first use: most articles state no aid and never need them.
    @functools.cached_property
    def _state_count_pair(self) -> tuple[Counter[str], Counter[str]]:
        """How often each state is named, with and without datelines. Any entity label counts: the
        small model often tags a small country as a PERSON ("Vanuatu")."""
        counts: Counter[str] = Counter()
        body: Counter[str] = Counter()
        for ent in self.doc.ents:
            if ent.label_ in _NAME_LABELS and not _venue(ent):
                name = lookup(ent.text)
                if name and is_state(name):
                    counts[name] += 1
                    if not in_dateline(ent[0]):
                        body[name] += 1
        return counts, body

    @property
    def _state_counts(self) -> Counter[str]:
        return self._state_count_pair[0]  # the dateline counts: it is the home of unnamed officials

    @property
    def _body_state_counts(self) -> Counter[str]:
        return self._state_count_pair[1]  # a dateline is no recipient

    @functools.cached_property
    def doc_type(self) -> str | None:
        return self._doc_type()

    def fallback_recipient(
        self, donors: set[str], recipients: Counter[str] | None = None, span: tuple[int, int] | None = None
    ) -> list[str]:
        """When the clause names no recipient: the recipient of the article's other commitments, else a
        state named in the same sentence, else the article's most named state that gives nothing."""
        for name, _ in (recipients or Counter()).most_common():
            if name not in donors:
                return [name]
        lo, hi = span or (0, 0)
        for ent in self.doc.ents:
            if lo <= ent.start_char < hi and ent.label_ in _NAME_LABELS and not in_dateline(ent[0]):
                state = lookup(ent.text)
                if state and is_state(state) and state not in donors:
                    return [state]
        ranked = [(name, n) for name, n in self._body_state_counts.most_common() if name not in donors]
        if ranked and (ranked[0][1] >= 2 or len(ranked) == 1):
            return [ranked[0][0]]  # named twice, or the only state besides the donors
        return self._funded_agency(donors)

    def _funded_agency(self, donors: set[str]) -> list[str]:
        """The agency an article about a donation keeps naming ("the WFP said … the gift to the WFP")
        when no state stands out: a donor funding an agency directly gives to the agency."""
        counts: Counter[str] = Counter()
        for ent in self.doc.ents:
            if ent.label_ in _NAME_LABELS and not in_dateline(ent[0]):
                name = lookup(ent.text)
                if name and not is_state(name) and name not in donors:
                    counts[name] += 1
        ranked = counts.most_common(2)
        if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            return [ranked[0][0]]
        return []

    def is_titled_person(self, tok: Token) -> bool:
        """A named office holder ("Prime Minister X", "the chancellor"), who speaks for a state."""
        if tok.ent_type_ != "PERSON" and tok.tag_ != "NNP" and tok.lemma_.lower() not in _TITLES:
            return False
        words = {t.lemma_.lower() for t in tok.subtree if t.i <= tok.i}
        return bool(words & _TITLES) or self._introduced_with_title(tok)

    def _introduced_with_title(self, tok: Token) -> bool:
        # Computed once per article: a scan of every entity per sentence made long articles quadratic.
        if self._titled_last_words is None:
            self._titled_last_words = {
                ent[-1].text
                for ent in self.doc.ents
                if ent.label_ == "PERSON" and ent.start > 0 and self.doc[ent.start - 1].lemma_.lower() in _TITLES
            }
        return tok.text in self._titled_last_words

    def home_state(self, exclude: set[str]) -> list[str]:
        """The one state the article keeps naming besides the recipient: an unnamed office holder's state."""
        exclude = exclude | set(self.recipients_seen)  # the article's recipient is not the office holder's state
        acting = [(n, c) for n, c in self._acting_state_counts.most_common() if n not in exclude]
        if acting and acting[0][1] >= 2 and (len(acting) == 1 or acting[0][1] > acting[1][1]):
            return [acting[0][0]]  # the state the article makes act ("Sweden is enabling …", "Sweden would pay")
        ranked = [(n, c) for n, c in self._state_counts.most_common() if n not in exclude]
        if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            return [ranked[0][0]]
        return []

    @functools.cached_property
    def _acting_state_counts(self) -> Counter[str]:
        """How often each state is the subject of a verb: the article's actor, not the place it is about."""
        counts: Counter[str] = Counter()
        for tok in self.doc:
            if tok.dep_ == "nsubj" and tok.head.pos_ in {"VERB", "AUX"}:
                name = lookup(tok.text) if tok.ent_type_ else None
                if name and is_state(name):
                    counts[name] += 1
        return counts

    @functools.cached_property
    def _name_counts(self) -> Counter[str]:
        return Counter(n for n in (lookup(e.text) for e in self.doc.ents if not in_dateline(e[0])) if n)

    def times_named(self, name: str) -> int:
        """How often the article names ``name`` (any alias), datelines aside."""
        return self._name_counts[name]

    def mentions(self, name: str) -> bool:
        """The article names ``name`` (any alias) somewhere."""
        if self._named is None:
            self._named = {lookup(e.text) for e in self.doc.ents} - {None}
        return name in self._named

    def previous_subject_actor(self, sent: Span) -> list[str]:
        """For a sentence-initial "it"/"they": the actor that was the previous sentence's subject."""
        index = next((i for i, s in enumerate(self.sentences) if s.start == sent.start), 0)
        if index == 0:
            return []
        root = self.sentences[index - 1].root
        heads = [root]
        if root.lemma_ in _REPORTING:  # "The money will go to X, the minister said": the reported clause
            heads[:0] = [c for c in root.children if c.dep_ in {"ccomp", "parataxis"}]
        for head in heads:
            subj = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subj is None:
                continue
            if subj.lemma_.lower() in cues.AID_NOUNS or subj.lower_ in cues.AID_NOUNS:
                return []  # "The new money will go … It will pay for …": "it" is the aid, not a giver
            name = actor_in_tokens(subj.subtree, orgs=False) or org_entity(subj)
            if name:
                return [name]
        return []

    def at_pledging_event(self, index: int) -> bool:
        """The sentence or one beside it names a donors' conference ("At a pledging conference in X, …",
        "€X will go to R. The pledge was made at the donors' summit")."""
        near = self.sentences[max(0, index - 1) : index + 2]
        if any(cues.PLEDGING_EVENT.search(s.text) for s in near):
            return True
        lead = self.sentences[self.lead_index] if self.sentences else None
        return lead is not None and bool(cues.DONORS_AT_EVENT.search(lead.text))  # the article is the event's

    def previous_state(self, sent: Span, exclude: list[str]) -> str | None:
        """The last state the sentence before names (outside ``exclude``): whom "the country" means in
        "A is coming to R's aid. €X will go to rebuilding the country"."""
        index = next((i for i, s in enumerate(self.sentences) if s.start == sent.start), 0)
        if index == 0:
            return None
        for ent in reversed(self.sentences[index - 1].ents):
            name = lookup(ent.text)
            if name and is_state(name) and name not in exclude:
                return name
        return None

    def _person_titles(self) -> dict[str, str]:
        """Surname -> state, from titles anywhere in the article ("German Defence Minister X Y")."""
        out: dict[str, str] = {}
        doc = self.doc
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            title: list[Token] = []
            for tok in reversed(doc[max(0, ent.start - 5) : ent.start]):
                if not (tok.tag_ in {"NNP", "NNPS", "JJ", "POS"} or tok.ent_type_ in {"NORP", "GPE"}):
                    break
                title.insert(0, tok)
            name = actor_in_tokens(title, orgs=False) if title else None
            if name and is_state(name):
                out.setdefault(ent[-1].text.lower(), name)
        return out

    @functools.cached_property
    def _titled_people(self) -> list[tuple[int, str]]:
        """(offset, state) of every person named with a state's title ("Croatian Prime Minister X")."""
        out = []
        for ent in self.doc.ents:
            if ent.label_ == "PERSON":
                state = self.state_of_person(ent[-1])
                if state:
                    out.append((ent.start_char, state))
        return out

    def last_titled_state(self, offset: int) -> str | None:
        """The state of the last office holder named before ``offset``: whom "the premier" or "she" is."""
        before = [state for start, state in self._titled_people if start < offset]
        return before[-1] if before else None

    def state_of_person(self, tok: Token) -> str | None:
        """A person's state from the title before the name, here or where the article introduced them."""
        mods = [t for t in tok.subtree if t.i < tok.i and t.dep_ in {"compound", "amod", "poss", "nmod"}]
        found = actor_in_tokens(mods, orgs=False) if mods else None
        if found is None and (tok.ent_type_ == "PERSON" or tok.tag_ == "NNP"):
            if self._titles is None:
                self._titles = self._person_titles()
            found = self._titles.get(tok.text.lower())
        return found

    def _doc_type(self) -> str | None:
        counts: Counter[str] = Counter()
        for tok in self.doc:
            kind = cues.TYPE_CUES.get(tok.lemma_.lower()) or cues.TYPE_CUES.get(tok.lower_)
            if kind:
                counts[kind] += 1
        return counts.most_common(1)[0][0] if counts else None


def local_tokens(trig: Token, chain: list[Token]) -> list[Token]:
    """Tokens of the trigger's own clause and of the clauses that govern it, without nested clauses."""
    out: dict[int, Token] = {}
    path = {trig.i, *(c.i for c in chain)}
    for prev, node in zip([None, trig, *chain], [trig, *chain], strict=False):
        if prev is not None and prev.dep_ == "conj" and _own_tense_or_time(prev):
            break  # "donated €X in October and has pledged €Y this week": the date is the first verb's
        stack = [node]
        while stack:
            cur = stack.pop()
            out[cur.i] = cur
            for child in cur.children:
                if child.i in path or child.dep_ in _CLAUSAL or _participle_clause(child):
                    continue
                stack.append(child)
        if node.tag_.startswith("VB") and node is not trig and node.dep_ == "ROOT":
            break
    return [out[i] for i in sorted(out)]


def _participle_clause(child: Token) -> bool:
    """ "After pledging $X in March, A announced …": a clause of its own under a preposition, whose date
    is its own act's."""
    return child.dep_ == "prep" and any(g.dep_ == "pcomp" and g.tag_ == "VBG" for g in child.children)


_VENUE_NOUNS = {"conference", "summit", "meeting", "talks", "forum", "format", "process", "declaration"}


def _venue(ent: Span) -> bool:
    """ "the Rome conference", "the Paris summit": a city named as a venue, not a party."""
    nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return nxt is not None and nxt.lemma_.lower() in _VENUE_NOUNS


def _own_tense_or_time(verb: Token) -> bool:
    """A coordinated verb with its own auxiliary or its own date ("and has pledged … this week")."""
    return any(
        c.dep_ in {"aux", "auxpass"}
        or c.ent_type_ in {"DATE", "TIME"}
        or (c.dep_ == "prep" and any(g.ent_type_ in {"DATE", "TIME"} for g in c.children))
        for c in verb.children
    )


def _money_tokens(doc: Doc, money: Money) -> list[Token]:
    span = doc.char_span(money.start, money.end, alignment_mode="expand")
    return list(span) if span is not None else []


_HEDGE = r"(?:about|around|nearly|almost|over|more than|some|up to|approximately|roughly)?\s*"
_PART_BEFORE = re.compile(
    r"(?:part of|out of|from|of which|total(?:ling|ing)?(?: of)?|in total|bring(?:s|ing)?)"
    r"\s+(?:an?|the|its|their|his|her)?\s*" + _HEDGE + "$"
)
# "under a ¥16 billion loan signed in 2023": the figure of the framework the act falls under.
_UNDER_FRAME = re.compile(r"\b(?:under|within) (?:an?|the|its|their)\s+(?:\w+\s+)?$")
_TOTAL_TO_BEFORE = re.compile(r"\btotal\b[^.;]{0,60}\bto\s+" + _HEDGE + "$")
_AT_COST = re.compile(r"\b(?:at a (?:total |combined )?cost of|costing|at a price of)\s+" + _HEDGE + "$")
_UNIT_PRICE = re.compile(r"\s*(?:each|apiece|per|a piece|a unit|for each)\b")
# A cost per item, not the aid's figure: "jets, each worth about $X", "howitzers at €X each", "costing
# €X apiece". "A and B will give $X each" is a share per donor, so "each" after the figure counts only
# after a price word.
_EACH_PRICED = re.compile(r"\beach\s+(?:worth|costing|valued at|priced at)\s+" + _HEDGE + "$")
_PRICED = re.compile(r"\b(?:at|costing|priced at|worth|valued at)\s+" + _HEDGE + "$")
_EACH_AFTER = re.compile(r"\s*(?:each|apiece|a piece|per unit|per piece)\b")


def unit_price(text: str, money: Money) -> bool:
    """The figure is the price of one item (see ``_EACH_PRICED``)."""
    before = text[max(0, money.start - 40) : money.start].lower()
    after = text[money.end : money.end + 12].lower()
    return bool(_EACH_PRICED.search(before) or (_PRICED.search(before) and _EACH_AFTER.match(after)))


_FIGURE_AFTER = re.compile(
    r"\s*(?:-\s*)?(?:[a-z]+\s+){0,1}(?:budget(?! support| aid| assistance)|deficit|in damages?|"
    r"of damages?|in losses|worth of damage)\b"
)


# "a package totalling €X", "aid amounting to $X", "a package worth €X": the size of the aid itself,
# not a running total, nor a unit price the parse hung it under ("howitzers costing €X each, in a
# package worth €Y").
_PACKAGE_SIZE = re.compile(
    r"\b(?:package|aid|assistance|support|funding|grants?|loans?|contribution|donation|relief|financing)"
    r",?\s+(?:totall?ing|amounting to|worth a total of|worth|valued at)\s+" + _HEDGE + "$"
)


def _excluded(money: Money, toks: list[Token], trig: Token, sent: Span, previous: Money | None) -> bool:
    """A figure that is a part, a total, an envelope, an equivalent or not aid at all."""
    text = doc_text(sent.doc)
    before = text[max(sent.start_char, money.start - 60) : money.start].lower()
    if previous is not None and money.start - previous.end < 6 and "(" in text[previous.end : money.start]:
        return True  # an equivalent in parentheses
    if unit_price(text, money):
        return True
    if _PACKAGE_SIZE.search(before) or _total_given(trig, toks):
        return False
    if _PART_BEFORE.search(before) or _TOTAL_TO_BEFORE.search(before) or _UNDER_FRAME.search(before):
        return True
    if _AT_COST.search(before) and not _UNIT_PRICE.match(text[money.end : money.end + 20].lower()):
        return False  # "will pay for 14 tanks at a cost of €X": the value of the aid itself
    if _FIGURE_AFTER.match(text[money.end : money.end + 30].lower()):
        return True
    node = toks[-1] if toks else None
    for _ in range(8):
        if node is None or node.i == trig.i or node.head is node:
            break
        node = node.head
        low = node.lemma_.lower()
        if node.dep_ == "relcl" and node.i != trig.i and _own_subject(node):
            return True  # "delivered the vehicles it promised in a $X package": the other act's figure
        if low in {"sum", "amount"} and node.head.lower_ in {"for", "in"}:
            continue  # "a grant for the sum of $X", "in the amount of $X": the figure itself
        if low in cues.DEBT_NOUNS and trig.lemma_.lower() in cues.DEBT_RELIEF_VERBS:
            continue  # "will cancel debts worth $X": the debt relieved is the aid
        if (
            node.i != trig.i
            and (
                low in cues.NON_AID_FIGURES
                or low in cues.TOTAL_CUES
                or low in {"expand", "bring", "exceed"}
                or low in cues.BLOCKING_HEADS
                or low in cues.PURCHASE_WORDS
            )
            and not cues.passed_proposal(node)
        ):
            return True
    return False


def _own_subject(verb: Token) -> bool:
    """A relative clause with a subject of its own ("it promised"), not a relative pronoun ("that is worth")."""
    return any(c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ not in {"that", "which", "who"} for c in verb.children)


def _total_given(trig: Token, toks: list[Token]) -> bool:
    """ "will provide a total of €X to R": the whole of what the act gives, when "total" is the giving
    verb's own object and the act is not a sum up to now ("has provided a total of")."""
    if not toks or any(c.dep_ == "aux" and c.lemma_ == "have" for c in trig.children):
        return False
    head = toks[-1].head
    return (
        head.dep_ == "prep"
        and head.lower_ == "of"
        and head.head.lower_ == "total"
        and head.head.dep_ in {"dobj", "pobj"}
        and head.head.head.i == trig.i
    )


def money_for(objs: list[Token], sent: Span, trig: Token) -> Money | None:
    """The first figure of the commitment's clause that is not a total, part, fund or equivalent."""
    doc = sent.doc
    idx = {t.i for t in objs}
    previous = None
    found = find_money(sent.text, sent.start_char)
    for money in found:
        toks = _money_tokens(doc, money)
        inside = any(t.i in idx for t in toks)
        if inside and not _excluded(money, toks, trig, sent, previous):
            return _multi_year_total(money, found, doc_text(doc)) or money
        previous = money
    return None


_PER_PERIOD = re.compile(r"\s*(?:(?:a|per|each|every) (?:year|annum)|annually|yearly)\b")
_TOTAL_OF = re.compile(r"\b(?:a total of|totall?ing)\s+" + _HEDGE + "$")


def _multi_year_total(money: Money, found: list[Money], text: str) -> Money | None:
    """ "$1.45 billion a year for seven years, a total of more than $10 billion": the multi-year total
    the sentence gives beside the yearly figure is the commitment (AID_GUIDELINES 9)."""
    if not _PER_PERIOD.match(text[money.end : money.end + 16].lower()):
        return None
    return next(
        (
            m
            for m in found
            if m.start > money.end
            and m.currency == money.currency
            and m.amount > money.amount
            and _TOTAL_OF.search(text[max(0, m.start - 30) : m.start].lower())
        ),
        None,
    )


def equivalents(money: Money, sent: Span) -> list[Money]:
    """Figures given in brackets right after ``money`` as its equivalent ("¥12 billion ($100 million)")."""
    text = doc_text(sent.doc)
    out: list[Money] = []
    last = money
    for other in find_money(sent.text, sent.start_char):
        if other.start <= money.start:
            continue
        gap = text[last.end : other.start]
        if len(gap) > 20 or "(" not in text[money.end : other.start] or ")" in gap:
            break
        out.append(other)
        last = other
    return out


def aid_type_of(objs: list[Token], sent: Span, ctx: DocContext) -> str | None:
    """Military, humanitarian, financial or mixed: the object phrase first, then the sentence, then the doc."""
    for scope in (objs, list(sent)):
        # What the aid consists of ("artillery", "food") decides first, then the form of the money
        # ("grant", "funding"), then the situation it answers ("after the earthquake").
        content: Counter[str] = Counter()
        form: Counter[str] = Counter()
        setting: Counter[str] = Counter()
        for t in scope:
            kind = _kind(t)
            low = {t.lemma_.lower(), t.lower_}
            if kind is None:
                continue
            bucket = setting if low & cues.SETTING_CUES else form if low & cues.INSTRUMENT_CUES else content
            bucket[kind] += cues.WEAK_TYPE_CUES.get(t.lower_, 2)
        if _explicitly_mixed(scope) or (scope is objs and _mixed_contents(content)):
            return "mixed"
        for counts in (content, form, setting):
            if counts:
                return counts.most_common(1)[0][0]
    return ctx.doc_type


def _kind(t: Token) -> str | None:
    kind = cues.TYPE_CUES.get(t.lemma_.lower()) or cues.TYPE_CUES.get(t.lower_)
    if t.lower_ == "security" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lemma_ in _SECURITY_AID:
        kind = "military"  # "security assistance", not "energy security"
    if kind is None and t.pos_ == "NOUN":
        kind = cues.AID_NOUNS.get(t.lemma_.lower())
    if t.ent_type_ == "WEAPON":
        kind = "military"
    if kind == "military" and t.dep_ == "amod" and _kind(t.head) == "humanitarian":
        return None  # "military rescuers", "a military field hospital": who carries out the relief
    return kind


def _mixed_contents(kinds: Counter[str]) -> bool:
    """The object lists substantial parts of two kinds ("artillery ammunition … with power generators and
    medical supplies"): at least two full cues of each (weight 2 each), the smaller at least half the larger."""
    ranked = kinds.most_common(2)
    return len(ranked) == 2 and ranked[1][1] >= 4 and 2 * ranked[1][1] >= ranked[0][1]


_SECURITY_AID = {"assistance", "aid", "package", "support", "funding", "cooperation"}


def _explicitly_mixed(scope: list[Token]) -> bool:
    """ "military and humanitarian aid", "€X in budget support and €Y in military aid": aid nouns of
    the same commitment whose own modifiers name different types."""
    kinds = set()
    for t in scope:
        if t.lemma_.lower() in {"aid", "assistance", "support", "help"}:
            for mod in t.children:
                if mod.dep_ in {"amod", "compound"}:
                    for m in [mod, *mod.conjuncts]:
                        if m.lemma_.lower() in cues.INSTRUMENT_CUES:
                            continue  # "emergency grant aid": the form of the money, not a second type
                        k = cues.TYPE_CUES.get(m.lemma_.lower()) or cues.TYPE_CUES.get(m.lower_)
                        if k:
                            kinds.add(k)
    return len(kinds) >= 2


def _is_past(tok: Token) -> bool:
    if tok.tag_ == "VBD":
        return True
    return tok.tag_ == "VBN" and any(
        c.dep_ in {"aux", "auxpass"} and c.lemma_ in {"have", "be"} and c.tag_ in {"VBZ", "VBP", "VBD"}
        for c in tok.children
    )


def _future(tok: Token, chain: list[Token]) -> bool:
    for node in [tok, *chain]:
        if any(c.dep_ == "aux" and c.lower_ in {"will", "would", "'ll", "shall", "to"} for c in node.children):
            return True
        if node.lemma_ in {"prepare", "plan", "intend", "go", "ready"}:
            return True
    return False


def _unofficial_source(sent: Span) -> bool:
    """ "According to <a newspaper>": the act is known only from the press, not from the donor."""
    if any(t.pos_ == "VERB" and t.lemma_ in {"say", "announce", "state", "confirm", "tell", "declare"} for t in sent):
        return False  # the donor speaks for itself; the press only relays it
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < len(sent.doc) and sent.doc[tok.i + 1].lower_ == "to":
            obj = [t for t in sent.doc[tok.i + 2 : min(tok.i + 8, sent.end)] if not t.is_punct]
            if (
                obj
                and not actor_in_tokens(obj, orgs=False)
                and any(
                    t.ent_type_ in {"ORG", "WORK_OF_ART", "PERSON"}
                    or t.lower_ in {"media", "reports", "sources", "newspaper"}
                    for t in obj
                )
            ):
                return not any(t.lower_ in {"ministry", "government", "office", "department", "minister"} for t in obj)
    return False


# A press report rather than the donor's word: "…, the Nikkei daily reported, citing government sources".
_PRESS_REPORT = re.compile(
    r"\bciting\b[^.;]{0,40}\b(?:sources|officials|people|documents|diplomats|insiders)\b"
    r"|(?<!state )(?<!state-run )(?<!official )"  # a state's own agency relays its word: "the state news agency"
    r"\b(?:newspaper|daily|broadcaster|news agency|magazine|news outlet|media)\b[^.;]{0,30}\b(?:reported|reports)\b"
)


def status_of(trig: Token, chain: list[Token], sent: Span) -> str:
    """announced / pledged / approved / delivered / planned for the act the trigger states."""
    lemma = cues.act_lemma(trig)
    low = sent.text.lower()
    if any(c in low for c in cues.PLANNED_CUES) or _PRESS_REPORT.search(low) or _unofficial_source(sent):
        return "planned"
    if chain and trig.head.i == chain[0].i and chain[0].lemma_.lower() in {"expect", "anticipate"}:
        return "planned"  # "is expected to spend $X": forecast, not yet announced
    if _passed_bill_content(trig):
        return "approved"
    if lemma in cues.DELIVERY_VERBS and _is_past(trig) and not _future(trig, chain):
        return "delivered"
    for gov in chain:
        status = cues.GOVERNING_STATUS.get(gov.lemma_.lower())
        if status:
            return status
    if lemma in {"receive", "get"}:
        return "delivered" if _is_past(trig) else "announced"
    # A signed loan or grant agreement, an exchange of notes (AID_GUIDELINES 9); a signed bill is approved.
    if lemma == "sign" and any(c.dep_ == "dobj" and c.lemma_.lower() in cues.SIGNED_DEALS for c in trig.children):
        return "pledged"
    if cues.TRIGGERS.get(lemma, "announced") == "announced" and any(_signed_terms(n) for n in (trig, *chain[:1])):
        return "pledged"  # also signed by those who tell it: "A will give R X, the two said after signing notes"
    return cues.TRIGGERS.get(lemma, "announced")


def _signing(clause: Token) -> Token | None:
    """The verb of signing a clause tells: "after the two exchanged notes", or a gerund under "after"
    ("said after signing an exchange of notes")."""
    if clause.dep_ == "advcl" and clause.lemma_.lower() in {"sign", "exchange"}:
        return clause
    if clause.dep_ == "prep" and clause.lower_ in {"after", "upon"}:
        return next((g for g in clause.children if g.dep_ == "pcomp" and g.lemma_.lower() == "sign"), None)
    return None


def _passed_bill_content(trig: Token) -> bool:
    """ "passed a bill that sends $X to R", "gave final approval to a bill that sends $X": what a passed
    bill does is approved money, neither sent nor merely announced."""
    if _approval_given(trig):
        return True  # "gave final approval to a bill that sends $X", told by "gave"
    bill = trig.head
    if trig.dep_ not in {"relcl", "acl"} or bill.lemma_.lower() not in cues.PROPOSAL_NOUNS:
        return False
    if cues.passed_proposal(bill):
        return True
    prep = bill.head
    return bill.dep_ == "pobj" and prep.lower_ in {"to", "of"} and _approval_given(prep.head)


def _approval_given(tok: Token) -> bool:
    """ "approval", or a verb whose object it is ("gave final approval to"): a body's decision."""
    return tok.lemma_.lower() == "approval" or any(
        c.dep_ == "dobj" and c.lemma_.lower() == "approval" for c in tok.children
    )


def _signed_terms(trig: Token) -> bool:
    """The act is the term of a deal signed with it: "will provide R with X, after the two governments
    exchanged notes", "will give R €X under an agreement signed on Friday", "A will cancel €X and B €Y of R's
    debt under agreements signed on Tuesday" (AID_GUIDELINES 9, pledged)."""
    deals = cues.SIGNED_DEALS | {"note"}
    gapped = [c for c in trig.children if c.dep_ == "conj" and c.pos_ != "VERB"]  # "A €X and B €Y … under"
    for c in [*trig.children, *(g for conj in gapped for g in conj.children)]:
        signing = _signing(c)
        if signing is not None:
            found = [o for o in signing.children if o.dep_ == "dobj" and o.lemma_.lower() in deals]
        elif c.dep_ == "prep" and c.lower_ == "under":
            found = [
                d
                for d in c.children
                if d.dep_ == "pobj"
                and d.lemma_.lower() in cues.SIGNED_DEALS
                and any(a.dep_ == "acl" and a.lemma_.lower() == "sign" for a in d.children)
            ]
        else:
            continue
        if found:
            return True
    return False


_LEVEL_VERBS = {"bring", "raise", "take", "lift", "increase", "boost"}


def _own_package(noun: Token) -> bool:
    """ "its package", "their contribution": the donor's own aid, not "its total aid" (a running sum)."""
    return (
        noun.lemma_.lower() in cues.AID_NOUNS
        and any(c.dep_ == "poss" for c in noun.children)
        and not any(c.lower_ in cues.TOTAL_CUES for c in noun.children)
    )


def parts_summed(money: Money, level: Money | None, objs: list[Token], sent: Span) -> Money:
    """ "will give €5 million through the Red Cross and €3 million through UNICEF, bringing its package to
    €8 million": the level the act's own figures add up to is the package (AID_GUIDELINES 4)."""
    if level is None or level.currency != money.currency:
        return money
    idx = {t.i for t in objs}
    own = [
        m
        for m in find_money(sent.text, sent.start_char)
        if m.currency == money.currency and m.end <= level.start and any(t.i in idx for t in _money_tokens(sent.doc, m))
    ]
    total = sum(m.amount for m in own)
    return level if len(own) >= 2 and abs(total - level.amount) <= 0.01 * level.amount else money


def level_clause(trig: Token) -> bool:
    """ "will give €20 million to R, raising its aid this year to €100 million": a participle that tells
    the level another act brings the donor's aid to; the level is a running sum, not a second package."""
    head = trig.head
    return (
        trig.lemma_.lower() in _LEVEL_VERBS
        and trig.tag_ == "VBG"
        and trig.dep_ in {"advcl", "conj"}
        and head.i != trig.i
        and head.lemma_.lower() in cues.TRIGGERS
    )


def level_reached(trig: Token, sent: Span) -> Money | None:
    """The new level of the donor's own aid after an increase told beside the act, the figure of a
    commitment that states none of its own: "will double its aid to R, bringing it to €X" (the
    guidelines take that level as the amount). "bringing the total to €X" stays a running total."""
    for clause in trig.children:
        if clause.dep_ not in {"advcl", "conj"} or clause.lemma_.lower() not in _LEVEL_VERBS:
            continue
        if not any(c.dep_ == "dobj" and (c.lower_ in {"it", "them"} or _own_package(c)) for c in clause.children):
            continue
        for prep in clause.children:
            if prep.dep_ == "prep" and prep.lower_ == "to":
                idx = {t.i for t in prep.subtree}
                for money in find_money(sent.text, sent.start_char):
                    if any(t.i in idx for t in _money_tokens(sent.doc, money)):
                        return money
    return None
