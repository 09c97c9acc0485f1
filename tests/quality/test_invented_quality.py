"""Extraction scored on the project's own invented articles, with the shared scorers.

``data/aid_invented.jsonl`` (30 articles labelled by the rules of ../shared/eval/AID_GUIDELINES.md),
``data/aid_invented_2.jsonl`` (80 more, many of them hard cases or hard negatives),
``data/aid_invented_3.jsonl``, ``data/aid_invented_4.jsonl``, ``data/aid_invented_5.jsonl`` and
``data/aid_invented_7.jsonl`` (30 each, written blind, by someone who had not read the extractor; the
first three are development data now, the fourth becomes it in the session after its scoring) and
``data/quotes_invented.jsonl`` (120 paragraphs) were written for this project, none of their text
taken from elsewhere, and labelled without looking at the extractor. They widen what the dev
sets cover: other donors, currencies, datelines, press reports, charities, split and
multi-paragraph quotes. The quotes file labels an unnamed source with its description ("a
spokeswoman"), as the PolNeAr paragraphs of quotes_dev do, while claimstream follows the aid
guidelines and says null; attribution is therefore also reported over the named speakers only.
Skipped when ../shared is absent; figures are printed (run with ``-s``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from shared_eval import MODEL, SHARED, load_module

pytestmark = pytest.mark.quality

DATA = Path(__file__).parent / "data"
SCORE_AID = SHARED / "eval" / "score_aid.py"
SCORE_QUOTES = SHARED / "eval" / "score_quotes.py"


def _predict(gold: Path, out: Path) -> None:
    """``claimstream extract`` itself, as a user runs it."""
    subprocess.run(
        [sys.executable, "-m", "claimstream", "extract", "--input", str(gold), "--output", str(out)],
        check=True,
        capture_output=True,
        env={**os.environ, "CLAIMSTREAM_SPACY_MODEL": MODEL},
    )


def _score(scorer: Path, gold: Path, pred: Path, *extra: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(pred), *extra], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def scored(tmp_path_factory) -> dict[str, Any]:
    if not SCORE_AID.exists() or not SCORE_QUOTES.exists():
        pytest.skip("../shared (scorers) is absent")
    tmp = tmp_path_factory.mktemp("invented")
    out: dict[str, Any] = {}
    for name in (
        "aid_invented",
        "aid_invented_2",
        "aid_invented_3",
        "aid_invented_4",
        "aid_invented_5",
        "aid_invented_7",
        "quotes_invented",
    ):
        _predict(DATA / f"{name}.jsonl", tmp / f"{name}.pred.jsonl")
    out["aid"] = _score(SCORE_AID, DATA / "aid_invented.jsonl", tmp / "aid_invented.pred.jsonl")
    out["aid_2"] = _score(SCORE_AID, DATA / "aid_invented_2.jsonl", tmp / "aid_invented_2.pred.jsonl")
    out["aid_3"] = _score(SCORE_AID, DATA / "aid_invented_3.jsonl", tmp / "aid_invented_3.pred.jsonl")
    out["aid_4"] = _score(SCORE_AID, DATA / "aid_invented_4.jsonl", tmp / "aid_invented_4.pred.jsonl")
    out["aid_5"] = _score(SCORE_AID, DATA / "aid_invented_5.jsonl", tmp / "aid_invented_5.pred.jsonl")
    out["aid_7"] = _score(SCORE_AID, DATA / "aid_invented_7.jsonl", tmp / "aid_invented_7.pred.jsonl")
    quotes_gold, quotes_pred = DATA / "quotes_invented.jsonl", tmp / "quotes_invented.pred.jsonl"
    out["quotes"] = _score(SCORE_QUOTES, quotes_gold, quotes_pred, "--direct-only")
    out["named"] = _named_speaker_accuracy(quotes_gold, quotes_pred)
    print("\naid_invented commitments:", json.dumps(out["aid"]["commitments"]))
    print("aid_invented_2 commitments:", json.dumps(out["aid_2"]["commitments"]))
    print("aid_invented_3 commitments:", json.dumps(out["aid_3"]["commitments"]))
    print("aid_invented_4 commitments:", json.dumps(out["aid_4"]["commitments"]))
    print("aid_invented_5 commitments:", json.dumps(out["aid_5"]["commitments"]))
    print("aid_invented_7 commitments:", json.dumps(out["aid_7"]["commitments"]))
    print("aid_invented_4 entities:", json.dumps({k: v["f1"] for k, v in out["aid_4"]["entities"].items()}))
    print("aid_invented entities:", json.dumps({k: v["f1"] for k, v in out["aid"]["entities"].items()}))
    print("quotes_invented:", json.dumps({k: v for k, v in out["quotes"].items() if k != "counts"}))
    print("quotes_invented, speakers named by the text:", json.dumps(out["named"]))
    return out


def _named_speaker_accuracy(gold_path: Path, pred_path: Path) -> dict[str, float | int]:
    """Speaker accuracy over matched quotes whose gold speaker is a name (capitalised, no article)."""
    scorer = load_module(SCORE_QUOTES, "claimstream_score_quotes")
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    pred = {(r := json.loads(line))["article_id"]: r for line in pred_path.read_text().splitlines() if line.strip()}
    right = total = 0
    for g in gold:
        quotes = [q for q in pred[g["id"]]["quotes"] if q["kind"] == "direct"]
        for gi, pi, _ in scorer.match(g["quotes"], quotes):
            speaker = g["quotes"][gi]["speaker"]
            if speaker and speaker[:1].isupper() and speaker.split()[0] not in ("The", "A", "An"):
                total += 1
                right += scorer.speaker_correct(quotes[pi]["speaker"], speaker)
    return {"named": total, "correct": right, "accuracy": round(right / total, 4) if total else 0.0}


def test_aid_commitments(scored) -> None:
    c = scored["aid"]["commitments"]  # F1 0.904 -> 0.919 with aidrecall (issue 12 point 2)
    assert c["f1"] >= 0.87 and c["amount_accuracy"] >= 0.95 and c["item_recall_macro"] >= 0.8
    assert c["false_positives_on_no_commitment_articles"] == 0


def test_aid_commitments_on_the_second_invented_set(scored) -> None:
    """aid_invented_2: 80 articles written for the learned decision's training (issue 12 point 3's
    categories and 30 hard negatives with money and aid words but no commitment), labelled by the
    guidelines before the extractor ran on them. The floors are what the extractor reached when the set
    was written (F1 0.72, amount 0.96, items 0.45, 2 of 30 no-commitment articles with a prediction),
    less a margin: a ratchet, not a bar the rules were fitted to. Raised with aidrecall (issue 12 point 2:
    candidates for the commitments no rule proposed, F1 0.916, R 0.870, P 0.968), after which rules have
    been fixed on this set too, so it is no longer unseen."""
    c = scored["aid_2"]["commitments"]
    assert c["f1"] >= 0.86 and c["amount_accuracy"] >= 0.9 and c["item_recall_macro"] >= 0.38
    assert c["no_commitment_articles_with_any_prediction"] <= 3


def test_aid_commitments_on_the_blind_invented_set(scored) -> None:
    """aid_invented_3: 30 wire-style articles written blind on 2026-12-07, by an engineer who had not read
    the extractor's code, lexicons, unit tests or the earlier invented sets, and labelled by the guidelines
    before the extractor first ran on them. Donors are states, the EU, development banks, the IMF, UN
    agencies, charities and a state relief agency; recipients are mostly not Ukraine. A third are hard:
    donor conferences with lists, per-recipient splits, totals with parts, running totals beside new
    packages, a loan told from the borrower's side, a deal with no giving verb, deliveries of earlier
    pledges, a press report (planned), a joint package, one sum for two recipients, debt relief, an SDR
    tranche; and 5 articles with no commitment (an appeal, a sale, conditional offers, a decision put
    off, a staff-level agreement). First run: P 0.656, R 0.553, F1 0.600, amount 0.955, no prediction on
    the no-commitment articles. Since the session after (aid-dev3, 2026-12-07) it is development data:
    its texts, gold and per-article output were read, the learned decision trains on it, and rules were
    written for its general error categories (F1 0.921, P 0.921, R 0.921, amount 1.0). It no longer
    predicts unseen news, and since aid5 neither does aid_invented_4. The floors sit a little under the
    figures: a ratchet, not a target."""
    c = scored["aid_3"]["commitments"]
    assert c["f1"] >= 0.88 and c["amount_accuracy"] >= 0.95
    assert c["no_commitment_articles_with_any_prediction"] <= 1


def test_aid_commitments_on_the_fourth_invented_set(scored) -> None:
    """aid_invented_4: 30 wire-style articles written blind on 2026-12-07 (second session), by an engineer
    who had read neither the extractor's code, lexicons and unit tests nor the earlier invented sets, and
    labelled by the guidelines before the extractor first ran on them: 37 commitments, 10 background ones,
    64 direct quotes, every PERSON, ORG, GPE and WEAPON. Donors: Gulf states, Japan, Korea, India, China,
    Brazil, Canada, Australia, Norway, the EU, the AfDB, IFAD, the IMF, the UN's emergency fund, a charity,
    a company foundation, a Red Cross society, a state relief centre; recipients in Africa, Asia, Latin
    America and the Pacific; twelve currencies (crore and SDR among them). Hard cases: a donor conference
    list, a per-recipient split, totals with parts, running totals beside new packages, a tranche told by
    the borrower, a deal with no giving verb, deliveries of earlier pledges, a press report (planned), one
    sum for two recipients, debt relief, an SDR tranche; 5 articles with no commitment (a staff-level
    agreement, an appeal with conditional offers, a sale, a suspension, a damage estimate beside a
    background act). First run: P 0.677, R 0.568, F1 0.618, amount 1.0, items 0.45, status 0.857, one
    prediction on one no-commitment article; entity F1 0.838 (WEAPON 0.421), quotes end to end 0.953.
    Run once more when that session's rules (written on aid_invented_3 and the LOOK folds, never on this
    set) were merged: P 0.767, R 0.622, F1 0.687, amount 1.0, status 0.870, the same one prediction; PERSON
    0.863, ORG 0.805, GPE 0.931, WEAPON 0.368. Blind first-run figures, then: F1 0.618 at bf1c6f0 and 0.687
    at c64d2ea. Since the session after (aid5, 2026-12-07) it is development data: its texts, gold and
    per-article output were read, and rules were written for its general error categories, each with unit
    tests on invented sentences (P 1.0, R 0.973, F1 0.986, amount 1.0, status 1.0, items 0.55, no
    prediction on the no-commitment articles). It no longer predicts unseen news. The floors sit a little
    under the figures: a ratchet, not a target."""
    c = scored["aid_4"]["commitments"]
    assert c["f1"] >= 0.95 and c["amount_accuracy"] >= 0.95 and c["status_accuracy"] >= 0.95
    assert c["no_commitment_articles_with_any_prediction"] <= 1
    assert scored["aid_4"]["quotes"]["f1"] >= 0.9 and scored["aid_4"]["quotes"]["speaker_accuracy"] >= 0.9


def test_entities(scored) -> None:
    assert all(scored["aid"]["entities"][label]["f1"] >= 0.85 for label in ("PERSON", "GPE", "WEAPON"))


def test_weapons_on_the_later_invented_sets(scored) -> None:
    """WEAPON on aid_invented_2 and on the blind set, whose first run gave 0.55 (a designator before a
    listed name split in two, a ship class cut before its kind). After the designator and ship-class
    rules of 2026-12-07: 0.970 and 1.000. The floors leave room for one miss on the blind set's five."""
    assert scored["aid_2"]["entities"]["WEAPON"]["f1"] >= 0.9
    assert scored["aid_3"]["entities"]["WEAPON"]["f1"] >= 0.85


def test_places_and_people_on_the_later_invented_sets(scored) -> None:
    """PERSON, ORG and GPE on aid_invented_2 and aid_invented_3 (development data), after the city,
    region, storm, title and portfolio rules of 2026-12-07 (second session): aid_invented_3 from 0.85 /
    0.83 / 0.92 to 0.97 / 0.93 / 0.97, aid_invented_2 from 0.89 / 0.83 / 0.93 to 0.93 / 0.88 / 0.95."""
    e2, e3 = scored["aid_2"]["entities"], scored["aid_3"]["entities"]
    assert e2["PERSON"]["f1"] >= 0.9 and e2["ORG"]["f1"] >= 0.85 and e2["GPE"]["f1"] >= 0.93
    assert e3["PERSON"]["f1"] >= 0.93 and e3["ORG"]["f1"] >= 0.89 and e3["GPE"]["f1"] >= 0.95


def test_quotes(scored) -> None:
    assert scored["quotes"]["quote_f1"] >= 0.95
    assert scored["named"]["accuracy"] >= 0.9
    assert scored["aid"]["quotes"]["f1"] >= 0.9 and scored["aid"]["quotes"]["speaker_accuracy"] >= 0.9


def test_entities_on_the_fourth_invented_set(scored) -> None:
    """PERSON, ORG, GPE and WEAPON on aid_invented_4, development data since the entity session of
    2026-12-07 (ent5), whose rules were written for its general error categories: a designator and a
    name go by the name as written, a maker-qualified name is the system's, a counted name before a
    weapon noun is an unlisted system, a ship class before one ship noun is the class; people in
    apposition after a role, places coordinated with a place, IMF programmes and organs dropped.
    From 0.863 / 0.805 / 0.931 / 0.368 to 0.931 / 0.935 / 0.950 / 1.000. The floors sit a little under
    that (WEAPON: room for two misses of its 22 names): a ratchet, not a target."""
    e4 = scored["aid_4"]["entities"]
    assert e4["PERSON"]["f1"] >= 0.9 and e4["ORG"]["f1"] >= 0.9 and e4["GPE"]["f1"] >= 0.93
    assert e4["WEAPON"]["f1"] >= 0.9


def test_the_fifth_invented_set(scored) -> None:
    """aid_invented_5: 30 articles written blind on 2026-12-07 (fourth session) by an engineer who read
    only the labelling guidelines, the scorers and seven LOOK rows for the format, never the extractor,
    its lexicons, its tests or the other invented sets, and who reported counts only: 62 commitments
    (14 military, 8 humanitarian and 8 financial articles; a donor conference with 12 pledges), 16
    background ones, 5 articles with no commitment, 96 direct quotes, 41 WEAPON names, 19 currencies.
    Nobody writing rules has read it. First run (main at 7d56ecd, before that session's rules): P 0.854,
    R 0.565, F1 0.680, amount 1.0, status 0.857, no prediction on the no-commitment articles; PERSON 0.903,
    ORG 0.820, GPE 0.900, WEAPON 0.734; quotes end to end 0.906. After the session's merges (rules written
    on aid_invented_4, the LOOK folds and invented sentences only): P 0.884, R 0.613, F1 0.724, amount
    1.0; PERSON 0.936, ORG 0.848, GPE 0.927, WEAPON 0.850; quotes end to end 0.938. The floors sit a little
    under the figures: a ratchet, not a target. The set became development data at the start of the fifth
    session of 2026-12-07 (main at 9a7f47a, figures as above), when a new blind set was commissioned. Branch
    aid6 (that session) generalised from its errors, with rules tested on invented sentences only: P 0.965,
    R 0.887, F1 0.924, amount 1.0, status 0.909, items (macro) 0.646, still no prediction on the
    no-commitment articles; entities and quotes as above."""
    c, e = scored["aid_5"]["commitments"], scored["aid_5"]["entities"]
    assert c["f1"] >= 0.90 and c["precision"] >= 0.94 and c["recall"] >= 0.86 and c["amount_accuracy"] >= 0.95
    assert c["status_accuracy"] >= 0.88
    assert c["no_commitment_articles_with_any_prediction"] <= 1
    assert e["PERSON"]["f1"] >= 0.93 and e["ORG"]["f1"] >= 0.84 and e["GPE"]["f1"] >= 0.92
    assert e["WEAPON"]["f1"] >= 0.9
    assert scored["aid_5"]["quotes"]["f1"] >= 0.9 and scored["aid_5"]["quotes"]["speaker_accuracy"] >= 0.92


def test_the_seventh_invented_set(scored) -> None:
    """aid_invented_7: 30 articles written blind in the sixth session of 2026-12-07 by an engineer who
    read only the labelling guidelines, the scorers and a few dev rows for the format, never the
    extractor, its lexicons, its tests or the other invented sets: 72 commitments (37 humanitarian, 19
    financial, 16 military), 27 background ones, 4 articles with no commitment, 102 direct quotes, 29
    WEAPON names, 20 currencies, none of the stories about Ukraine. (The sixth set, aid_invented_6, was
    scored in the fifth session but lived outside the repository and was lost with that machine's
    scratch space; this one replaces it.) First run (main at 97b75e4): P 0.661, R 0.569, F1 0.612, amount
    0.911, items (macro) 0.636, status 0.976, predictions on 2 of the 4 no-commitment articles; PERSON
    0.951, ORG 0.780, GPE 0.907, WEAPON 0.931; quotes end to end 0.966. After the session's merges
    (recall, items and org branches, written on the LOOK folds, invented sets 1-5 and invented sentences
    only): P 0.700, R 0.583, F1 0.636, amount 0.913, items 0.653, status 1.0, still 2 of 4; ORG 0.805,
    GPE 0.919, the rest unchanged. Nobody writing rules had read it when those figures were taken. Its
    misses were read after that second run; one general rule written on invented sentences (a total
    before its parts with "respectively") took it to P 0.742, R 0.639, F1 0.687, amount 0.958, so it is
    development data from then on. The floors sit under the second run: a ratchet, not a target."""
    c, e = scored["aid_7"]["commitments"], scored["aid_7"]["entities"]
    assert c["f1"] >= 0.60 and c["precision"] >= 0.66 and c["recall"] >= 0.55 and c["amount_accuracy"] >= 0.88
    assert c["status_accuracy"] >= 0.93
    assert c["no_commitment_articles_with_any_prediction"] <= 2
    assert e["PERSON"]["f1"] >= 0.93 and e["ORG"]["f1"] >= 0.77 and e["GPE"]["f1"] >= 0.89
    assert e["WEAPON"]["f1"] >= 0.9
    assert scored["aid_7"]["quotes"]["f1"] >= 0.9 and scored["aid_7"]["quotes"]["speaker_accuracy"] >= 0.94
