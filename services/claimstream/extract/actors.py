"""Donor and recipient names: map a mention to the state or body that acts (AID_GUIDELINES 5).

A state's government, ministries, legislature, capital used as government and demonym adjectives
all count as the state ("the Pentagon", "Berlin", "the Japanese government"). EU institutions are
"European Union"; Gaza and other Palestinian areas are "Palestinian territories".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Span, Token

from claimstream.extract.lexicon import lexicon

# canonical name -> aliases (capitals, demonyms, institutions). Matching is case-insensitive.
_ACTORS: dict[str, tuple[str, ...]] = {
    "United States": (
        "US",
        "U.S.",
        "USA",
        "U.S.A.",
        "America",
        "United States of America",
        "Washington",
        "American",
        "Americans",
        "Pentagon",
        "White House",
        "Congress",
        "US Congress",
        "U.S. Congress",
        "Senate",
        "House of Representatives",
        "State Department",
        "Department of State",
        "Department of Defense",
        "Defense Department",
        "DoD",
        "USAID",
        "US Agency for International Development",
        "Treasury",
        "Biden administration",
        "Trump administration",
        "Obama administration",
        "Biden Administration",
    ),
    "United Kingdom": (
        "UK",
        "U.K.",
        "Britain",
        "Great Britain",
        "British",
        "London",
        "Downing Street",
        "Whitehall",
        "Ministry of Defence",
        "Foreign Office",
        "FCDO",
        "Britons",
    ),
    "European Union": (
        "EU",
        "E.U.",
        "European Commission",
        "Commission",
        "EC",
        "European Council",
        "Council of the EU",
        "Council of the European Union",
        "EU Council",
        "European Parliament",
        "Brussels",
        "ECHO",
        "European Peace Facility",
        "Team Europe",
    ),
    "Germany": ("Berlin", "German", "Germans", "Bundestag", "Bundeswehr", "Federal Republic of Germany"),
    "France": ("Paris", "French", "Elysee", "Élysée"),
    "Italy": ("Rome", "Italian"),
    "Spain": ("Madrid", "Spanish"),
    "Portugal": ("Lisbon", "Portuguese"),
    "Netherlands": ("The Netherlands", "Holland", "The Hague", "Hague", "Dutch"),
    "Belgium": ("Belgian",),
    "Luxembourg": ("Luxembourgish",),
    "Ireland": ("Dublin", "Irish"),
    "Denmark": ("Copenhagen", "Danish", "Danes"),
    "Sweden": ("Stockholm", "Swedish", "Swedes", "Riksdag"),
    "Norway": ("Oslo", "Norwegian"),
    "Finland": ("Helsinki", "Finnish", "Finns"),
    "Iceland": ("Reykjavik", "Icelandic"),
    "Estonia": ("Tallinn", "Estonian"),
    "Latvia": ("Riga", "Latvian"),
    "Lithuania": ("Vilnius", "Lithuanian"),
    "Poland": ("Warsaw", "Polish", "Poles"),
    "Czech Republic": ("Czechia", "Prague", "Czech"),
    "Slovakia": ("Bratislava", "Slovak"),
    "Hungary": ("Budapest", "Hungarian"),
    "Romania": ("Bucharest", "Romanian"),
    "Bulgaria": ("Sofia", "Bulgarian"),
    "Greece": ("Athens", "Greek"),
    "Austria": ("Vienna", "Austrian"),
    "Switzerland": ("Bern", "Swiss"),
    "Slovenia": ("Ljubljana", "Slovenian"),
    "Croatia": ("Zagreb", "Croatian"),
    "Serbia": ("Belgrade", "Serbian"),
    "Moldova": ("Chisinau", "Moldovan"),
    "Georgia": ("Tbilisi", "Georgian"),
    "Armenia": ("Yerevan", "Armenian"),
    "Azerbaijan": ("Baku", "Azerbaijani"),
    "Ukraine": ("Kyiv", "Kiev", "Ukrainian", "Ukrainians", "Verkhovna Rada"),
    "Russia": ("Moscow", "Kremlin", "Russian Federation", "Russian", "Russians"),
    "Belarus": ("Minsk", "Belarusian"),
    "Turkey": ("Türkiye", "Turkiye", "Ankara", "Turkish"),
    "Canada": ("Ottawa", "Canadian"),
    "Mexico": ("Mexico City", "Mexican"),
    "Brazil": ("Brasilia", "Brazilian"),
    "Argentina": ("Buenos Aires", "Argentine", "Argentinian"),
    "Australia": ("Canberra", "Australian"),
    "New Zealand": ("Wellington",),
    "Japan": ("Tokyo", "Japanese"),
    "China": ("Beijing", "Chinese", "People's Republic of China", "PRC"),
    "Taiwan": ("Taipei", "Taiwanese"),
    "South Korea": ("Seoul", "South Korean", "Republic of Korea", "ROK"),
    "North Korea": ("Pyongyang", "North Korean", "DPRK"),
    "India": ("New Delhi", "Indian"),
    "Pakistan": ("Islamabad", "Pakistani", "Pakistanis"),
    "Afghanistan": ("Kabul", "Afghan", "Afghans"),
    "Bangladesh": ("Dhaka", "Bangladeshi"),
    "Iran": ("Tehran", "Iranian"),
    "Iraq": ("Baghdad", "Iraqi"),
    "Syria": ("Damascus", "Syrian", "Syrians"),
    "Lebanon": ("Beirut", "Lebanese"),
    "Jordan": ("Amman", "Jordanian"),
    "Israel": ("Jerusalem", "Tel Aviv", "Israeli"),
    "Palestinian territories": (
        "Gaza",
        "Gaza Strip",
        "West Bank",
        "Palestine",
        "Palestinians",
        "Palestinian",
        "Gazans",
        "Palestinian territory",
        "occupied Palestinian territories",
        "Palestinian Authority",
    ),
    "Egypt": ("Cairo", "Egyptian"),
    "Saudi Arabia": ("Riyadh", "Saudi", "Saudis", "Kingdom of Saudi Arabia"),
    "United Arab Emirates": ("UAE", "U.A.E.", "Emirates", "Abu Dhabi", "Emirati"),
    "Qatar": ("Doha", "Qatari"),
    "Kuwait": ("Kuwaiti",),
    "Oman": ("Muscat", "Omani"),
    "Yemen": ("Sanaa", "Yemeni", "Yemenis"),
    "Sudan": ("Khartoum", "Sudanese"),
    "South Sudan": ("Juba", "South Sudanese"),
    "Ethiopia": ("Addis Ababa", "Ethiopian"),
    "Somalia": ("Mogadishu", "Somali"),
    "Kenya": ("Nairobi", "Kenyan"),
    "Nigeria": ("Abuja", "Nigerian"),
    "Libya": ("Tripoli", "Libyan"),
    "Morocco": ("Rabat", "Moroccan"),
    "Algeria": ("Algiers", "Algerian"),
    "Tunisia": ("Tunis", "Tunisian"),
    "South Africa": ("Pretoria", "South African"),
    "Haiti": ("Port-au-Prince", "Haitian"),
    "Venezuela": ("Caracas", "Venezuelan"),
    "Colombia": ("Bogota", "Colombian"),
    "Indonesia": ("Jakarta", "Indonesian"),
    "Philippines": ("Manila", "Philippine", "Filipino"),
    "Vietnam": ("Hanoi", "Vietnamese"),
    "Thailand": ("Bangkok", "Thai"),
    "Malaysia": ("Kuala Lumpur", "Malaysian"),
    "Singapore": ("Singaporean",),
    "Myanmar": ("Burma", "Naypyidaw"),
    "Nepal": ("Kathmandu", "Nepali", "Nepalese"),
    "Sri Lanka": ("Colombo", "Sri Lankan"),
    "Chile": ("Santiago", "Chilean"),
    "Peru": ("Lima", "Peruvian"),
    "Ecuador": ("Quito", "Ecuadorian"),
    "Bolivia": ("La Paz", "Bolivian"),
    "Cuba": ("Havana", "Cuban"),
    "Guatemala": ("Guatemalan",),
    "Honduras": ("Tegucigalpa", "Honduran"),
    "Nicaragua": ("Managua", "Nicaraguan"),
    "El Salvador": ("San Salvador", "Salvadoran"),
    "Dominican Republic": ("Santo Domingo", "Dominican"),
    "Uruguay": ("Montevideo", "Uruguayan"),
    "Paraguay": ("Asuncion", "Paraguayan"),
    "Ghana": ("Accra", "Ghanaian"),
    "Senegal": ("Dakar", "Senegalese"),
    "Mali": ("Bamako", "Malian"),
    "Niger": ("Niamey", "Nigerien"),
    "Chad": ("N'Djamena", "Chadian"),
    "Burkina Faso": ("Ouagadougou", "Burkinabe"),
    "Cameroon": ("Yaounde", "Cameroonian"),
    "Democratic Republic of the Congo": ("DR Congo", "DRC", "Kinshasa", "Congolese"),
    "Uganda": ("Kampala", "Ugandan"),
    "Tanzania": ("Dodoma", "Tanzanian"),
    "Rwanda": ("Kigali", "Rwandan"),
    "Mozambique": ("Maputo", "Mozambican"),
    "Malawi": ("Lilongwe", "Malawian"),
    "Zambia": ("Lusaka", "Zambian"),
    "Zimbabwe": ("Harare", "Zimbabwean"),
    "Madagascar": ("Antananarivo", "Malagasy"),
    "Eritrea": ("Asmara", "Eritrean"),
    "Djibouti": (),
    "Mauritania": ("Nouakchott", "Mauritanian"),
    "Kazakhstan": ("Astana", "Kazakh"),
    "Uzbekistan": ("Tashkent", "Uzbek"),
    "Kyrgyzstan": ("Bishkek", "Kyrgyz"),
    "Tajikistan": ("Dushanbe", "Tajik"),
    "Turkmenistan": ("Ashgabat", "Turkmen"),
    "Mongolia": ("Ulaanbaatar", "Mongolian"),
    "Cambodia": ("Phnom Penh", "Cambodian"),
    "Laos": ("Vientiane", "Lao", "Laotian"),
    "Bahrain": ("Manama", "Bahraini"),
    "Cyprus": ("Nicosia", "Cypriot"),
    "Malta": ("Valletta", "Maltese"),
    "Albania": ("Tirana", "Albanian"),
    "North Macedonia": ("Skopje", "Macedonian"),
    "Montenegro": ("Podgorica", "Montenegrin"),
    "Bosnia and Herzegovina": ("Bosnia", "Sarajevo", "Bosnian"),
    "Kosovo": ("Pristina", "Kosovar"),
    "Fiji": ("Suva", "Fijian"),
    "Papua New Guinea": ("Port Moresby",),
    "Tonga": ("Tongan",),
    "Vanuatu": (),
    "Samoa": ("Samoan",),
    "Jamaica": ("Kingston", "Jamaican"),
    "United Nations": (
        "UN",
        "U.N.",
        "OCHA",
        "UN OCHA",
        "U.N. OCHA",
        "CERF",
        "Central Emergency Response Fund",
        "UN Office for the Coordination of Humanitarian Affairs",
        "United Nations Office for the Coordination of Humanitarian Affairs",
    ),
    "World Bank": ("World Bank Group", "IBRD", "International Bank for Reconstruction and Development"),
    "International Monetary Fund": ("IMF",),
    "NATO": ("North Atlantic Treaty Organization", "North Atlantic Alliance"),
    "European Investment Bank": ("EIB",),
    "European Bank for Reconstruction and Development": ("EBRD",),
    "Asian Development Bank": ("ADB",),
    "World Food Programme": ("WFP", "World Food Program"),
    "UNICEF": ("United Nations Children's Fund",),
    "UNHCR": ("UN refugee agency", "U.N. refugee agency"),
    "UNRWA": (),
    "World Health Organization": ("WHO",),
    "International Committee of the Red Cross": ("ICRC",),
}

# More states, as data (data/lexicon/more_states.yaml): alias -> canonical state.
for _alias, _state in lexicon("more_states").values.items():
    _ACTORS[_state] = (*_ACTORS.get(_state, ()), *(() if _alias == _state else (_alias,)))

# A bare currency of a family ("$", "kroner", "dinars") in a state's statement means its own currency
# of that family: a Canadian "$" is CAD, Danish "kroner" are DKK (AID_GUIDELINES 5, currency).
LOCAL_UNITS: dict[str, dict[str, str]] = {
    "dollar": {"Canada": "CAD", "Australia": "AUD", "New Zealand": "NZD", "Singapore": "SGD", "Taiwan": "TWD"},
    "krone": {"Denmark": "DKK", "Norway": "NOK", "Sweden": "SEK", "Iceland": "ISK", "Czech Republic": "CZK"},
    "dinar": {
        "Kuwait": "KWD",
        "Jordan": "JOD",
        "Iraq": "IQD",
        "Bahrain": "BHD",
        "Libya": "LYD",
        "Algeria": "DZD",
        "Tunisia": "TND",
        "Serbia": "RSD",
    },
    "riyal": {"Saudi Arabia": "SAR", "Qatar": "QAR", "Oman": "OMR", "Iran": "IRR", "Yemen": "YER"},
    "rupee": {"India": "INR", "Pakistan": "PKR", "Sri Lanka": "LKR", "Nepal": "NPR"},
    "franc": {"Switzerland": "CHF"},
    "peso": {"Mexico": "MXN", "Argentina": "ARS", "Chile": "CLP", "Colombia": "COP", "Philippines": "PHP"},
    "pound": {"Egypt": "EGP", "Lebanon": "LBP", "Sudan": "SDG", "Syria": "SYP"},
}

STATES = frozenset(
    k
    for k in _ACTORS
    if k
    not in {
        "European Union",
        "United Nations",
        "World Bank",
        "International Monetary Fund",
        "NATO",
        "European Investment Bank",
        "European Bank for Reconstruction and Development",
        "Asian Development Bank",
        "World Food Programme",
        "UNICEF",
        "UNHCR",
        "UNRWA",
        "World Health Organization",
        "International Committee of the Red Cross",
    }
)

# Words after a state name that still denote its government ("Japanese government", "UK Treasury").
_GOV_SUFFIXES = (
    "government",
    "govt",
    "administration",
    "cabinet",
    "authorities",
    "ministry",
    "parliament",
    "defence ministry",
    "defense ministry",
    "foreign ministry",
    "finance ministry",
    "ministry of defence",
    "ministry of defense",
    "ministry of foreign affairs",
    "treasury",
    "state department",
    "defense department",
    "defence department",
    "foreign office",
    "development agency",
    "aid agency",
    "people",
    "army",
    "armed forces",
    "military",
    "forces",
    "officials",
    "state",
)

_UNNAMED = frozenset(
    {
        "country",
        "countries",
        "nation",
        "nations",
        "donor",
        "donors",
        "partner",
        "partners",
        "ally",
        "allies",
        "member",
        "members",
        "others",
        "west",
        "community",
        "states",
    }
)


def _key(text: str) -> str:
    t = text.lower().replace("’", "'").strip()
    t = re.sub(r"'s$", "", t)
    t = re.sub(r"^(the|a|an)\s+", "", t)
    return re.sub(r"\s+", " ", t)


_TABLE: dict[str, str] = {}
for _canon, _aliases in _ACTORS.items():
    for _a in (_canon, *_aliases):
        _TABLE[_key(_a)] = _canon
# Data files: a state's agencies stand for the state; institutions are actors of their own (no state).
for _list in ("state_agencies", "institutions"):
    for _a, _canon in lexicon(_list).values.items():
        if _canon not in _ACTORS and _list == "state_agencies":
            raise ValueError(f"lexicon {_list}: {_a!r} maps to {_canon!r}, which is no known actor")
        _TABLE[_key(_a)] = _canon


# First words of the actor names longer than five words, the only places worth longer windows.
_LONG_NAME_STARTS = frozenset(k.split()[0] for k in _TABLE if len(k.split()) > 5)


def lookup(text: str) -> str | None:
    """The canonical actor for a whole mention ("the U.S.", "Japanese government"), or None."""
    k = _key(text)
    if k in _TABLE:
        return _TABLE[k]
    k2 = re.sub(r"^(government|ministry|parliament) of (the )?", "", k)
    if k2 in _TABLE:
        return _TABLE[k2]
    for suffix in _GOV_SUFFIXES:
        if k.endswith(" " + suffix) and k[: -len(suffix) - 1] in _TABLE:
            return _TABLE[k[: -len(suffix) - 1]]
    return None


def is_state(name: str | None) -> bool:
    return name in STATES


def actor_in_tokens(tokens: Iterable[Token], *, orgs: bool = True) -> str | None:
    """The first actor named inside ``tokens`` (longest n-gram first), else an ORG entity's name."""
    toks = [t for t in tokens if not t.is_punct or t.text in {".", "-", "'s"}]
    if not toks:
        return None
    by_index = sorted(toks, key=lambda t: t.i)
    for i, tok in enumerate(by_index):
        longest = (8, 7, 6) if tok.lower_ in _LONG_NAME_STARTS else ()  # "United Nations High Commissioner
        for n in (*longest, 5, 4, 3, 2, 1):  # for Refugees" is UNHCR, not the UN
            window = by_index[i : i + n]
            if len(window) < n or window[-1].i - window[0].i != n - 1:
                continue
            text = "".join(t.text_with_ws for t in window).strip()
            hit = _TABLE.get(_key(text))
            if hit and tok.text[:1].isupper():
                return _abbreviated(window[-1]) or hit
    if orgs:
        for tok in by_index:
            if tok.ent_type_ == "ORG" and tok.ent_iob_ == "B":
                ent = _entity_at(tok)
                if ent is not None:
                    return _clean_org(ent.text)
    return None


_NAME_LINKS = {"of", "for", "and", "on", "'s", "the", "-"}


def _abbreviated(last: Token) -> str | None:
    """The actor of the abbreviation that closes a longer name beginning with a known one: "United
    Nations Relief and Works Agency (UNRWA)" is UNRWA, not the UN; "the UN (United Nations)" stays."""
    doc = last.doc
    k = last.i + 1
    while k < len(doc) and k - last.i <= 8 and (doc[k].text[:1].isupper() or doc[k].lower_ in _NAME_LINKS):
        k += 1
    if k == last.i + 1 or k + 2 >= len(doc) or doc[k].text != "(" or doc[k + 2].text != ")":
        return None
    return _TABLE.get(_key(doc[k + 1].text))


def _entity_at(tok: Token) -> Span | None:
    for ent in tok.doc.ents:
        if ent.start == tok.i:
            return ent
    return None


def _clean_org(text: str) -> str:
    t = re.sub(r"^(the)\s+", "", text.strip(), flags=re.IGNORECASE)
    return re.sub(r"['’]s$", "", t)


def is_unnamed(tok: Token) -> bool:
    """True for aggregate or unnamed actors ("several other countries", "donors", "the West")."""
    if tok.ent_type_ in {"GPE", "ORG", "NORP", "LOC"}:
        return False
    return tok.lemma_.lower() in _UNNAMED or tok.lower_ in _UNNAMED


_GOV_WORDS = frozenset(
    {
        "ministry",
        "government",
        "parliament",
        "department",
        "cabinet",
        "office",
        "council",
        "army",
        "forces",
        "military",
        "navy",
        "embassy",
        "president",
        "presidency",
        "senate",
        "assembly",
        "administration",
        "commission",
        "agency",
        "service",
        "guard",
    }
)


_ORG_NOUNS = frozenset(
    {
        "foundation",
        "charity",
        "society",
        "organisation",
        "organization",
        "fund",
        "trust",
        "group",
        "association",
        "bank",
        "institute",
    }
)
_MEDIA = frozenset(
    {
        "reuters",
        "ap",
        "afp",
        "associated press",
        "agence france-presse",
        "bloomberg",
        "dpa",
        "ukrinform",
        "tass",
        "xinhua",
        "anadolu",
        "interfax",
        "efe",
        "ansa",
        "bbc",
        "cnn",
    }
)


def is_actor_head(tok: Token) -> bool:
    """The head of a phrase that names an actor itself ("Egypt", "the German army", "the Qatar
    Charity foundation"), not a thing an actor owns or makes ("Russian central bank assets")."""
    if tok.pos_ == "PROPN" or tok.ent_type_ in {"GPE", "ORG", "NORP"} or lookup(tok.text):
        return True
    return (
        tok.lower_ in _GOV_WORDS
        or tok.lower_ in _ORG_NOUNS
        or tok.lemma_.lower() in {"government", "people", "authority", "bank", "ministry", "donor"}
    )


def org_entity(head: Token) -> str | None:
    """The non-governmental organisation whose ORG entity contains the phrase's head ("Turkish Red
    Crescent"), else None. Government bodies ("German Defense Ministry") and news agencies are left
    to ``actor_in_tokens``, which maps the former to their state.
    """
    doc = head.doc
    if head.ent_type_ != "ORG" and head.lower_ in _ORG_NOUNS and head.i > 0 and doc[head.i - 1].ent_type_ == "ORG":
        head = doc[head.i - 1]  # "the Qatar Charity foundation"
    if head.ent_type_ != "ORG":
        return None
    ent = next((e for e in doc.ents if e.start <= head.i < e.end), None)
    if ent is None or lookup(ent.text) or any(t.lower_ in _GOV_WORDS for t in ent):
        return None
    name = _clean_org(ent.text)
    return None if name.lower() in _MEDIA else name
