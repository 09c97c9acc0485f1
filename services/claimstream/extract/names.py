"""Canonical-name tables: countries, places, institutions, demonyms and well-known people.

Lookups go through :func:`fold` (case, accents, dots in abbreviations, a leading "the" and a trailing
possessive do not matter). Metonyms keep their own names: "Kyiv", "Berlin" and "Washington" stay GPEs
named as written; only spelling variants ("Kiev") and abbreviations ("U.S.") are rewritten.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from claimstream.extract.lexicon import lexicon


@functools.lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """A lookup key: lowercase, no accents, "U.S." -> "us", no leading "the", no trailing 's."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = s.replace("’", "'").replace("‘", "'").replace("&", " and ")
    s = re.sub(r"(?<=\w)\.(?=\w)", "", s)
    s = re.sub(r"[.,;:!?\"“”()\[\]]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"^the ", "", s)
    return re.sub(r"'s?$", "", s).strip()


def _table(groups: dict[str, list[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for canonical, aliases in groups.items():
        for name in (canonical, *aliases):
            out[fold(name)] = canonical
    return out


# Countries, places and their spelling variants / abbreviations.
_GPE_GROUPS: dict[str, list[str]] = {
    "United States": ["US", "U.S.", "USA", "U.S.A.", "America", "United States of America", "the States"],
    "United Kingdom": ["UK", "U.K.", "Britain", "Great Britain"],
    "Russia": ["Russian Federation"],
    "Turkey": ["Türkiye", "Turkiye"],
    "Gaza": ["Gaza Strip"],
    "United Arab Emirates": ["UAE", "U.A.E.", "Emirates"],
    "Netherlands": ["Holland"],
    "South Korea": ["Republic of Korea", "ROK"],
    "North Korea": ["DPRK", "Democratic People's Republic of Korea"],
    "Czech Republic": ["Czechia"],
    "Democratic Republic of the Congo": ["DRC", "DR Congo"],
    "Ivory Coast": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "Myanmar": ["Burma"],
    "The Hague": ["Hague"],
    "Kyiv": ["Kiev"],
    "Kharkiv": ["Kharkov"],
    "Odesa": ["Odessa"],
    "Mykolaiv": ["Nikolaev", "Mykolayiv"],
    "Zaporizhzhia": ["Zaporizhzhya", "Zaporozhye", "Zaporizhia"],
    "Luhansk": ["Lugansk"],
    "Dnipro": ["Dnepr", "Dnipropetrovsk"],
    "Lviv": ["Lvov", "Lwow"],
    "Donbas": ["Donbass"],
    "Chernihiv": ["Chernigov"],
    "Bakhmut": ["Artemovsk"],
    "Vinnytsia": ["Vinnitsa"],
    "Kramatorsk": [],
    "Sloviansk": ["Slavyansk"],
    "Avdiivka": ["Avdeevka", "Avdiyivka"],
    "Sumy": [],
    "Kherson": [],
    "Mariupol": [],
    "Crimea": [],
    "Donetsk": [],
    "West Bank": [],
    "Moldova": ["Republic of Moldova"],
    "Soviet Union": ["USSR", "U.S.S.R."],
    "China": ["PRC", "People's Republic of China", "Mainland China"],
}
GPE_ALIAS = _table(_GPE_GROUPS)

# Countries and other places spaCy sometimes labels PERSON/ORG/PRODUCT or misses ("Kyiv").
KNOWN_GPE = frozenset(
    fold(n)
    for n in """
Afghanistan|Albania|Algeria|Andorra|Angola|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahrain|Bangladesh|
Belarus|Belgium|Benin|Bolivia|Bosnia and Herzegovina|Botswana|Brazil|Bulgaria|Burkina Faso|Burundi|Cambodia|
Cameroon|Canada|Chad|Chile|China|Colombia|Congo|Costa Rica|Croatia|Cuba|Cyprus|Denmark|Djibouti|Ecuador|Egypt|
El Salvador|Eritrea|Estonia|Ethiopia|Finland|France|Gabon|Gambia|Georgia|Germany|Ghana|Greece|Guatemala|Guinea|
Haiti|Honduras|Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Jamaica|Japan|Jordan|Kazakhstan|
Kenya|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Liberia|Libya|Liechtenstein|Lithuania|Luxembourg|Madagascar|
Malawi|Malaysia|Mali|Malta|Mauritania|Mexico|Monaco|Mongolia|Montenegro|Morocco|Mozambique|Namibia|Nepal|
New Zealand|Nicaragua|Niger|Nigeria|North Macedonia|Norway|Oman|Pakistan|Palestine|Panama|Paraguay|Peru|
Philippines|Poland|Portugal|Qatar|Romania|Rwanda|Saudi Arabia|Senegal|Serbia|Sierra Leone|Singapore|Slovakia|
Slovenia|Somalia|South Africa|South Sudan|Spain|Sri Lanka|Sudan|Sweden|Switzerland|Syria|Taiwan|Tajikistan|
Tanzania|Thailand|Tunisia|Turkmenistan|Uganda|Ukraine|Uruguay|Uzbekistan|Venezuela|Vietnam|Yemen|Zambia|Zimbabwe|
Washington|London|Paris|Berlin|Moscow|Beijing|Tokyo|Rome|Madrid|Warsaw|Stockholm|Helsinki|Oslo|Copenhagen|
Brussels|Vienna|Prague|Budapest|Bucharest|Sofia|Vilnius|Riga|Tallinn|Minsk|Chisinau|Tbilisi|Ankara|Istanbul|
Tehran|Baghdad|Damascus|Beirut|Amman|Riyadh|Doha|Abu Dhabi|Dubai|Cairo|Khartoum|Islamabad|New Delhi|Kabul|
Jerusalem|Tel Aviv|Rafah|Khan Younis|Geneva|Davos|Munich|Ramstein|Seoul|Pyongyang|Taipei|Ottawa|Canberra|
Kyiv|Kharkiv|Odesa|Lviv|Dnipro|Zaporizhzhia|Kherson|Mykolaiv|Donetsk|Luhansk|Crimea|Donbas|Bakhmut|Avdiivka|
Mariupol|Kramatorsk|Sloviansk|Chernihiv|Sumy|Poltava|Vinnytsia|Belgorod|Kursk|Bryansk|Voronezh|Rostov|
Sevastopol|Kahramanmaras|Hatay|Gaziantep|Darfur|Kordofan|Tigray|Gaza|West Bank|Transnistria|Nagorno-Karabakh|
Soviet Union|New York|Los Angeles|Chicago|Brussels|Strasbourg|Luxembourg|Vatican|Hong Kong|Macau|Kaliningrad|
St Petersburg|St. Petersburg|Saint Petersburg|Novorossiysk|Melitopol|Berdiansk|Tokmak|Robotyne|Pokrovsk|Chasiv Yar|
Toretsk|Vuhledar|Kupiansk|Izium|Lyman|Severodonetsk|Lysychansk|Irpin|Bucha|Hostomel|Kryvyi Rih|Uman|Ternopil|
Rivne|Lutsk|Uzhhorod|Ivano-Frankivsk|Khmelnytskyi|Zhytomyr|Cherkasy|Kropyvnytskyi|Chernivtsi|Nikopol|Enerhodar
""".replace("\n", "").split("|")
)

# Continents, seas and other regions: LOC, never GPE (the guidelines leave them out).
NOT_GPE = frozenset(
    fold(n)
    for n in """
Europe|Asia|Africa|North America|South America|Latin America|Middle East|Near East|Far East|Black Sea|
Baltic Sea|Baltic|Baltics|Mediterranean|Red Sea|Sea of Azov|Caspian Sea|Arctic|Antarctica|Scandinavia|
Balkans|Caucasus|Sahel|Central Asia|Eastern Europe|Western Europe|Central Europe|Indo-Pacific|Pacific|Atlantic|
West|East|Global South
""".replace("\n", "").split("|")
)

# Institutions and their abbreviations.
_ORG_GROUPS: dict[str, list[str]] = {
    "European Union": ["EU", "E.U."],
    "United Nations": ["UN", "U.N."],
    "NATO": ["Nato", "North Atlantic Treaty Organization", "North Atlantic Treaty Organisation"],
    "European Commission": ["EC", "EU Commission"],
    "Department of Defense": [
        "Pentagon",
        "DoD",
        "Defense Department",
        "US Department of Defense",
        "U.S. Department of Defense",
        "US Defense Department",
        "U.S. Defense Department",
    ],
    "US Treasury": [
        "Treasury",
        "Treasury Department",
        "US Treasury Department",
        "U.S. Treasury",
        "Department of the Treasury",
        "U.S. Treasury Department",
    ],
    "State Department": ["US State Department", "U.S. State Department", "Department of State"],
    "USAID": [
        "US Agency for International Development",
        "U.S. Agency for International Development",
        "United States Agency for International Development",
    ],
    "UN Office for the Coordination of Humanitarian Affairs": [
        "OCHA",
        "UNOCHA",
        "UN OCHA",
        "U.N. Office for the Coordination of Humanitarian Affairs",
        "United Nations Office for the Coordination of Humanitarian Affairs",
    ],
    "International Monetary Fund": ["IMF"],
    "World Health Organization": ["WHO"],
    "World Food Programme": ["WFP", "World Food Program"],
    "International Committee of the Red Cross": ["ICRC"],
    "Associated Press": ["AP"],
    "Agence France-Presse": ["AFP", "Agence France Presse"],
    "Verkhovna Rada": ["Rada"],
    "House of Representatives": ["US House of Representatives", "U.S. House of Representatives"],
    "Federal Reserve": ["Fed", "US Federal Reserve", "U.S. Federal Reserve", "Federal Reserve Board"],
}
ORG_ALIAS = _table(_ORG_GROUPS) | {fold(k): v for k, v in lexicon("political_parties").values.items()}

# Organisations spaCy tends to miss or mislabel; lower-case entries keep their case ("dpa").
KNOWN_ORG = frozenset(
    fold(n)
    for n in """
NATO|Kremlin|White House|Congress|Senate|Bundestag|Bundeswehr|Knesset|Duma|State Duma|Verkhovna Rada|
European Parliament|European Council|European Commission|Hamas|Hezbollah|Houthis|Wagner|Wagner Group|
Reuters|dpa|AFP|Associated Press|Ukrinform|UNN|Interfax|Interfax-Ukraine|TASS|RIA Novosti|Xinhua|Yonhap|
Kyodo|Anadolu Agency|Al Jazeera|BBC|CNN|Sky News|Der Spiegel|Bild|Politico|Bloomberg|Kyiv Independent|
Rheinmetall|Diehl Defence|Diehl Defense|KNDS|Krauss-Maffei Wegmann|Lockheed Martin|Raytheon|RTX|BAE Systems|
Saab|Thales|MBDA|General Dynamics|Northrop Grumman|Boeing|Airbus|Kongsberg|Nammo|Baykar|Elbit Systems|
Rafael Advanced Defense Systems|Hanwha|Washington Post|New York Times|Wall Street Journal|Financial Times|
Kyiv Post|Ukrainska Pravda|Suspilne|Meduza|Novaya Gazeta|RBC-Ukraine|Radio Free Europe|Voice of America|
Ukroboronprom|Red Cross|UNICEF|UNHCR|UNDP|World Bank|IMF|OSCE|G7|G20
""".replace("\n", "").split("|")
)
# Names whose lower-case form is the published spelling (the only lower-case entities kept).
LOWERCASE_NAMES = frozenset({"dpa"})

# Demonyms and nationality words: NORP, never GPE.
DEMONYMS = frozenset(
    fold(n)
    for n in """
American|Americans|British|Briton|Britons|English|Russian|Russians|Ukrainian|Ukrainians|German|Germans|French|
Italian|Italians|Polish|Pole|Poles|Dutch|Swedish|Swede|Swedes|Finnish|Finn|Finns|Norwegian|Danish|Estonian|
Latvian|Lithuanian|Czech|Slovak|Hungarian|Romanian|Bulgarian|Greek|Turkish|Turk|Turks|Israeli|Israelis|
Palestinian|Palestinians|Iranian|Iranians|Iraqi|Syrian|Syrians|Lebanese|Jordanian|Saudi|Saudis|Emirati|
Qatari|Egyptian|Sudanese|Pakistani|Pakistanis|Afghan|Afghans|Indian|Chinese|Japanese|Korean|South Korean|
North Korean|Canadian|Australian|European|Europeans|Western|Belarusian|Georgian|Moldovan|Spanish|Portuguese|
Belgian|Austrian|Swiss|Irish|Scottish|Welsh|Gazan|Gazans|Kurdish|Kurds|Yemeni|Libyan|Libyans|Ethiopian|Somali|
Latino|Latinos|Latina|Latinas|Hispanic|Hispanics|Muslim|Muslims|Jew|Jews|Jewish|Christian|Christians|Catholic|
Catholics|Democrat|Democrats|Democratic|Republican|Republicans|Soviet|Cuban|Cubans|Mexican|Mexicans|Arab|Arabs|
African|Africans|African-American|African-Americans|Asian|Asians|Sunni|Shia|Shiite|Shiites|Crimean|Chechen|
Slovenian|Croatian|Serbian|Bosnian|Albanian|Armenian|Azerbaijani|Kazakh|Uzbek|Brazilian|Argentine|Nigerian|
Kenyan|South African|New Zealander|Taiwanese|Vietnamese|Filipino|Indonesian|Malaysian|Thai|Bangladeshi|Nepali
""".replace("\n", "").split("|")
)

# Well-known people: surname (folded, spelling variants included) -> canonical full name.
KNOWN_PEOPLE: dict[str, str] = {
    "putin": "Vladimir Putin",
    "zelensky": "Volodymyr Zelensky",
    "zelenskyy": "Volodymyr Zelensky",
    "zelenskiy": "Volodymyr Zelensky",
    "zelenskyi": "Volodymyr Zelensky",
    "zelenski": "Volodymyr Zelensky",
    "biden": "Joe Biden",
    "trump": "Donald Trump",
    "scholz": "Olaf Scholz",
    "macron": "Emmanuel Macron",
    "erdogan": "Recep Tayyip Erdogan",
    "stoltenberg": "Jens Stoltenberg",
    "rutte": "Mark Rutte",
    "guterres": "Antonio Guterres",
    "blinken": "Antony Blinken",
    "sunak": "Rishi Sunak",
    "starmer": "Keir Starmer",
    "kishida": "Fumio Kishida",
    "netanyahu": "Benjamin Netanyahu",
    "xi": "Xi Jinping",
    "lavrov": "Sergei Lavrov",
    "shoigu": "Sergei Shoigu",
    "peskov": "Dmitry Peskov",
    "kuleba": "Dmytro Kuleba",
    "shmyhal": "Denys Shmyhal",
    "umerov": "Rustem Umerov",
    "reznikov": "Oleksii Reznikov",
    "leyen": "Ursula von der Leyen",
    "borrell": "Josep Borrell",
    "pistorius": "Boris Pistorius",
    "baerbock": "Annalena Baerbock",
    "lukashenko": "Alexander Lukashenko",
    "tusk": "Donald Tusk",
    "duda": "Andrzej Duda",
    "orban": "Viktor Orban",
    "meloni": "Giorgia Meloni",
    "zaluzhnyi": "Valerii Zaluzhnyi",
    "zaluzhny": "Valerii Zaluzhnyi",
    "syrskyi": "Oleksandr Syrskyi",
    "budanov": "Kyrylo Budanov",
    "medvedev": "Dmitry Medvedev",
    "prigozhin": "Yevgeny Prigozhin",
    "kadyrov": "Ramzan Kadyrov",
    "modi": "Narendra Modi",
    "khamenei": "Ali Khamenei",
    "sinwar": "Yahya Sinwar",
    "haniyeh": "Ismail Haniyeh",
    "nasrallah": "Hassan Nasrallah",
    "assad": "Bashar al-Assad",
    "yermak": "Andriy Yermak",
    "podolyak": "Mykhailo Podolyak",
    "kallas": "Kaja Kallas",
    "shapps": "Grant Shapps",
    "dujarric": "Stephane Dujarric",
    "grossi": "Rafael Grossi",
    "tedros": "Tedros Adhanom Ghebreyesus",
}
# Spelling variants of surnames, so "Zelenskyy" and "Zelensky" are one person within an article.
SURNAME_VARIANTS = {
    "zelenskyy": "zelensky",
    "zelenskiy": "zelensky",
    "zelenskyi": "zelensky",
    "zelenski": "zelensky",
    "zaluzhny": "zaluzhnyi",
}


def surname_key(token: str) -> str:
    t = fold(token)
    return SURNAME_VARIANTS.get(t, t)


def place_or_org(text: str) -> tuple[str, str] | None:
    """(canonical, label) for a known country, place or institution name, else None."""
    key = fold(text)
    if key in GPE_ALIAS:
        return GPE_ALIAS[key], "GPE"
    if key in ORG_ALIAS:
        return ORG_ALIAS[key], "ORG"
    if key in KNOWN_GPE:
        return None if key in KNOWN_ORG else (_dateline_case(strip_name(text)), "GPE")
    if key in KNOWN_ORG:
        return strip_name(text), "ORG"
    return None


def _dateline_case(name: str) -> str:
    """'GENEVA', 'OSLO' (datelines of known places) -> 'Geneva', 'Oslo'; abbreviations are in the
    alias tables, looked up before this."""
    return name.title() if name.isupper() and len(name) > 3 else name


def strip_name(text: str) -> str:
    """A name without a leading "the" (except "The Hague"), a possessive or edge punctuation."""
    t = re.sub(r"(['’‘]s|(?<=s)['’])$", "", text.strip()).strip(" &").strip(" \t\n,;:!?\"“”'‘’()[]-–—")
    if t.lower() in ("the", "a", "an"):
        return ""
    t = re.sub(r"\s+(?:of|for|and|the|of the|for the)$", "", t, flags=re.I)  # a span cut off before its end
    if re.match(r"[Aa]n? [A-Z]", t):
        t = t.split(" ", 1)[1]  # "A Dutch Defense Cluster" at a sentence start
    return t[4:] if t[:4].lower() == "the " and t.lower() != "the hague" else t


def known_person(name: str) -> str | None:
    """The full name of a well-known person from a short or variant form ("Zelenskiy", "Tayyip Erdogan").

    A longer form must agree with the known one: every word but the surname appears in it, or
    differs by one or two letters (a typo)."""
    parts = name.split()
    if not parts:
        return None
    full = KNOWN_PEOPLE.get(surname_key(parts[-1]))
    if full is None or len(parts) == 1:
        return full
    known = [fold(p) for p in full.split()[:-1]]
    return full if all(any(_close(fold(p), k) for k in known) for p in parts[:-1]) else None


def _close(a: str, b: str) -> bool:
    if a == b or (len(a) <= 2 and b.startswith(a.rstrip("."))):
        return True
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 4:
        return False
    return sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b)) <= 2


def is_demonym(text: str) -> bool:
    return fold(text) in DEMONYMS


# First words of every name the tables know: a cheap pre-check before trying multi-word lookups.
FIRST_WORDS = frozenset(
    key.split()[0] for table in (GPE_ALIAS, ORG_ALIAS, KNOWN_GPE, KNOWN_ORG) for key in table if key
)


def could_start_name(word: str) -> bool:
    return word.lower().replace(".", "").replace("’", "'") in FIRST_WORDS
