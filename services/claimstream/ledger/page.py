"""The ledger page: one self-contained HTML file (inline CSS and JS, no external resources)."""

from __future__ import annotations

import functools
from importlib import resources

PAGE_FILE = "ledger_page.html"


@functools.cache
def page_html() -> str:
    html = (resources.files("claimstream") / "data" / PAGE_FILE).read_text(encoding="utf-8")
    if "<script src" in html or "<link " in html or "http://" in html or "https://" in html:
        raise ValueError(f"{PAGE_FILE} must not load external resources")
    return html
