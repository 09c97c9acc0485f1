"""Title and main text of an HTML page (or fragment) with selectolax's lexbor parser.

Scripts, styles and page furniture (navigation, headers, footers, forms) are removed; the main
text is taken from ``<article>``, else ``<main>``, else ``<body>``, one paragraph per block
element (``p``, headings, list items, quotes), joined by blank lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

_DROP = (
    "script, style, noscript, template, svg, iframe, object, embed, nav, header, footer, aside, form, "
    "button, select, textarea"
)
_BLOCKS = "p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, figcaption, dd, dt, td, th"
_SHORT_TITLE = 300


@dataclass(frozen=True)
class Page:
    title: str | None
    text: str
    url: str | None = None
    published_at: str | None = None


def _squash(text: str) -> str:
    return " ".join(text.split())


def _meta(tree: LexborHTMLParser, *selectors: str) -> str | None:
    for selector in selectors:
        node = tree.css_first(selector)
        value = node.attributes.get("content") or node.attributes.get("href") if node is not None else None
        if value and value.strip():
            return value.strip()
    return None


def _title(tree: LexborHTMLParser) -> str | None:
    title = _meta(tree, 'meta[property="og:title"]', 'meta[name="twitter:title"]')
    if not title:
        for selector in ("title", "h1"):
            node = tree.css_first(selector)
            if node is not None and node.text().strip():
                title = node.text()
                break
    return _squash(title)[:_SHORT_TITLE] if title else None


def _blocks(root: LexborNode) -> list[str]:
    """Text of each innermost block element, in document order."""
    for br in root.css("br"):
        br.replace_with("\n")
    blocks = root.css(_BLOCKS)
    containers = set()  # blocks holding other blocks: their inner blocks carry the text
    for node in blocks:
        parent = node.parent
        while parent is not None and parent.mem_id != root.mem_id:
            containers.add(parent.mem_id)
            parent = parent.parent
    parts = []
    for node in blocks:
        text = _squash(node.text(separator="")) if node.mem_id not in containers else ""
        if text:
            parts.append(text)
    return parts


def main_text(tree: LexborHTMLParser) -> str:
    """The readable text of the page's main content (after furniture was removed)."""
    root = tree.css_first("article") or tree.css_first("main") or tree.body or tree.root
    if root is None:
        return ""
    whole = _squash(root.text(separator=" "))
    parts = _blocks(root)
    # Pages that keep most of their text outside block elements (bare divs) read better whole.
    if sum(len(p) + 1 for p in parts) < len(whole) / 2:
        return whole
    return "\n\n".join(parts)


def parse_html(html: str) -> Page:
    """Title, main text, canonical URL and publication time of an HTML document or fragment."""
    tree = LexborHTMLParser(html)
    url = _meta(tree, 'link[rel="canonical"]', 'meta[property="og:url"]')
    published = _meta(tree, 'meta[property="article:published_time"]', 'meta[name="date"]')
    title = _title(tree)
    for node in tree.css(_DROP):
        node.decompose()
    return Page(title=title, text=main_text(tree), url=url, published_at=published)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (feed summaries and contents)."""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    return parse_html(fragment).text
