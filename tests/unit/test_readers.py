"""Readers: files, folders, stdin and feeds become candidates; validation gives bounded reasons."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from claimstream.contracts.articles import InvalidArticle
from claimstream.contracts.messages import truncate_original
from claimstream.ingest import feeds, readers
from claimstream.ingest.candidates import Candidate
from claimstream.ingest.html_text import html_to_text, parse_html
from claimstream.ingest.submit import validate
from claimstream.settings import Settings

SETTINGS = Settings(max_article_bytes=10_000)


def _write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _outcomes(candidates: list[Candidate]) -> list[str]:
    """'ok' or the rejection reason for each candidate, after validation."""
    result = []
    for cand in candidates:
        try:
            validate(cand, SETTINGS)
            result.append("ok")
        except InvalidArticle as exc:
            result.append(exc.reason)
    return result


def test_jsonl_rejects_a_bad_line_alone_and_numbers_lines(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.jsonl", '{"text": "Harbour reopens."}\n{oops\n\n{"title": "t"}\n{"text": "Second."}\n')
    cands = list(readers.read_file(path))
    assert [c.origin.rsplit(":", 1)[1] for c in cands] == ["1", "2", "4", "5"]
    assert _outcomes(cands) == ["ok", "malformed_json", "missing_text", "ok"]
    assert cands[1].raw == b"{oops"


def test_jsonl_line_that_is_not_utf8_is_bad_encoding(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.ndjson", b'{"text": "fine"}\n{"text": "caf\xe9"}\n')
    assert _outcomes(list(readers.read_file(path))) == ["ok", "bad_encoding"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"text": "One article."}', ["ok"]),
        ('[{"text": "First."}, {"text": "Second."}, 7, {"text": ""}]', ["ok", "ok", "not_an_object", "empty_text"]),
        ("[]", []),
        ('{"text": "unterminated', ["malformed_json"]),
        ('"just a string"', ["not_an_object"]),
        ("", ["malformed_json"]),
        ('\ufeff{"text": "BOM first."}', ["ok"]),
    ],
)
def test_json_file(tmp_path: Path, content: str, expected: list[str]) -> None:
    assert _outcomes(list(readers.read_file(_write(tmp_path / "a.json", content)))) == expected


def test_json_list_items_keep_their_own_raw_and_index(tmp_path: Path) -> None:
    cands = list(readers.read_file(_write(tmp_path / "a.json", '[{"text": "A."}, {"text": 3}]')))
    assert [c.origin.rsplit("[", 1)[1] for c in cands] == ["0]", "1]"]
    assert cands[1].raw == b'{"text":3}'


@pytest.mark.parametrize(
    ("content", "title", "text"),
    [
        (
            "Ferry strike ends\nUnions and operators agreed late on Sunday.\n",
            "Ferry strike ends",
            "Unions and operators agreed late on Sunday.",
        ),
        ("Only one line of text here.", None, "Only one line of text here."),
        ("x" * 250 + "\nsecond line", None, "x" * 250 + "\nsecond line"),
        ("\n\nTitle after blanks\n\nBody.\n", "Title after blanks", "Body."),
    ],
)
def test_txt_title_is_a_short_first_line(tmp_path: Path, content: str, title: str | None, text: str) -> None:
    (cand,) = readers.read_file(_write(tmp_path / "a.txt", content))
    article, _ = validate(cand, SETTINGS)
    assert (article["title"], article["text"]) == (title, text)


def test_html_title_main_text_without_scripts_styles_or_navigation(tmp_path: Path) -> None:
    html = """<!doctype html><html><head><title>Dock workers return</title>
    <link rel="canonical" href="https://news.example/dock?utm_source=feed">
    <meta property="article:published_time" content="2025-03-04T08:00:00Z">
    <style>p { color: red }</style><script>var tracker = "SECRET_SCRIPT";</script></head>
    <body><nav>Home | World | Sport</nav>
    <article><h1>Dock workers return</h1><p>Work resumed at <b>dawn</b> on Monday.</p>
    <script>document.write("INLINE_SCRIPT")</script><p>Cargo backlog may take a week.</p></article>
    <footer>Copyright footer</footer></body></html>"""
    (cand,) = readers.read_file(_write(tmp_path / "page.htm", html))
    article, _ = validate(cand, SETTINGS)
    assert article["title"] == "Dock workers return"
    assert article["text"] == "Dock workers return\n\nWork resumed at dawn on Monday.\n\nCargo backlog may take a week."
    assert article["url"] == "https://news.example/dock?utm_source=feed"
    assert article["published_at"] == "2025-03-04T08:00:00Z"
    for hidden in ("SECRET_SCRIPT", "INLINE_SCRIPT", "color", "Home", "Copyright"):
        assert hidden not in article["text"]


def test_html_with_only_a_script_is_empty_text(tmp_path: Path) -> None:
    (cand,) = readers.read_file(_write(tmp_path / "a.html", "<script>alert('x')</script>"))
    assert _outcomes([cand]) == ["empty_text"]


def test_html_inline_markup_does_not_split_words() -> None:
    assert parse_html("<p>in<i>divisible</i> word<br>next line</p>").text == "indivisible word next line"
    assert html_to_text("<p>Tom &amp; Jerry</p><p>Second</p>") == "Tom & Jerry\n\nSecond"
    assert html_to_text("plain text") == "plain text"


def test_folders_are_walked_in_order_and_other_files_skipped(tmp_path: Path) -> None:
    _write(tmp_path / "b" / "2.txt", "Two.")
    _write(tmp_path / "a" / "1.jsonl", '{"text": "One."}\n')
    _write(tmp_path / "a" / "notes.pdf", b"%PDF")
    walk = readers.expand_paths([tmp_path])
    assert [f.relative_to(tmp_path).as_posix() for f in walk.files] == ["a/1.jsonl", "b/2.txt"]
    assert [f.name for f in walk.skipped] == ["notes.pdf"]
    assert walk.outside == []


def test_a_link_out_of_the_folder_is_refused_and_its_target_never_read(tmp_path: Path) -> None:
    secret = _write(tmp_path / "elsewhere" / "private.txt", "Private notes, not for the wire.")
    folder = tmp_path / "inbox"
    _write(folder / "story.txt", "A story.")
    (folder / "sub").mkdir()
    (folder / "leak.txt").symlink_to(secret)
    (folder / "sub" / "leak2.jsonl").symlink_to(Path("..") / ".." / "elsewhere" / "private.txt")
    (folder / "inside.txt").symlink_to(folder / "story.txt")  # a link that stays inside is fine
    walk = readers.expand_paths([folder])
    assert [f.name for f in walk.files] == ["inside.txt", "story.txt"]
    assert [c.origin for c in walk.outside] == [str(folder / "leak.txt"), str(folder / "sub" / "leak2.jsonl")]
    assert _outcomes(walk.outside) == ["outside_folder", "outside_folder"]
    for cand in walk.outside:
        assert b"Private" not in cand.raw and str(secret) in str(cand.error)


def test_a_big_file_is_refused_from_its_size_before_it_is_read(tmp_path: Path) -> None:
    big = _write(tmp_path / "big.txt", b"word " * 300_000)  # 1.5 MB
    (cand,) = readers.read_file(big, max_bytes=1_000_000)
    assert _outcomes([cand]) == ["too_large"]
    assert len(cand.raw) <= 128 * 1024 and "1500000 bytes" in str(cand.error)
    (cand,) = readers.read_file(_write(tmp_path / "big.json", b'{"text": "%s"}' % (b"w" * 2_000_000)), 1_000_000)
    assert _outcomes([cand]) == ["too_large"]


class _CountingStream(io.BytesIO):
    """Records the largest single read, to show that a huge line is never read whole."""

    largest = 0

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        self.largest = max(self.largest, len(line))
        return line


def test_a_jsonl_line_over_the_limit_is_refused_alone_and_read_in_pieces() -> None:
    data = b'{"text": "First."}\n{"text": "' + b"x" * 500_000 + b'"}\n{"text": "Third."}\n'
    stream = _CountingStream(data)
    cands = list(readers.read_stream(stream, max_line_bytes=50_000))
    assert _outcomes(cands) == ["ok", "too_large", "ok"]
    assert stream.largest <= 50_001
    assert [c.origin for c in cands] == ["stdin:1", "stdin:2", "stdin:3"]
    assert "500013 bytes" in str(cands[1].error)


def test_stdin_text_over_the_size_limit_is_too_large() -> None:
    (cand,) = readers.read_stream(io.BytesIO(b"plain words\n" * 200_000), max_bytes=1_000_000)
    assert _outcomes([cand]) == ["too_large"]


def test_a_file_named_explicitly_with_another_extension_is_rejected(tmp_path: Path) -> None:
    (cand,) = readers.read_file(_write(tmp_path / "report.pdf", b"%PDF-1.4"))
    assert _outcomes([cand]) == ["unsupported_format"]
    assert cand.raw == b"%PDF-1.4"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'{"text": "A."}\n{"text": "B."}\nnot json\n', ["ok", "ok", "malformed_json"]),
        (b'\n\n[{"text": "A."}, {"text": "B."}]\n', ["ok", "ok"]),
        (b"Headline\nBody text of a plain article.\n", ["ok"]),
        (b"", []),
        (b"\n  \n", []),
        (b"\xff\xfeplain but not utf-8", ["bad_encoding"]),
    ],
)
def test_stdin_formats(data: bytes, expected: list[str]) -> None:
    assert _outcomes(list(readers.read_stream(io.BytesIO(data)))) == expected


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbour Gazette</title>
<item><title>Cranes arrive</title><link>https://gazette.example/cranes</link>
<pubDate>Tue, 07 Jan 2025 10:30:00 GMT</pubDate>
<description>&lt;p&gt;Two new &lt;b&gt;cranes&lt;/b&gt; were unloaded.&lt;/p&gt;
&lt;script&gt;bad()&lt;/script&gt;</description>
</item>
<item><title>No body</title><link>https://gazette.example/empty</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Port Log</title>
<entry><title>Tide tables</title><link href="https://log.example/tides"/>
<updated>2025-02-01T06:00:00Z</updated>
<summary>Short summary.</summary>
<content type="html">&lt;p&gt;The longer content of the entry, with tides.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_entries_become_articles(tmp_path: Path) -> None:
    path = _write(tmp_path / "feed.xml", RSS)
    cands = feeds.feed_candidates(feeds.load_feed(str(path)), str(path))
    assert _outcomes(cands) == ["ok", "empty_text"]
    article, _ = validate(cands[0], SETTINGS)
    assert article["title"] == "Cranes arrive"
    assert article["text"] == "Two new cranes were unloaded."
    assert article["url"] == "https://gazette.example/cranes"
    assert article["published_at"] == "2025-01-07T10:30:00Z"
    assert article["source"] == "Harbour Gazette"


def test_atom_prefers_content_over_summary() -> None:
    (cand,) = feeds.feed_candidates(ATOM.encode(), "atom")
    article, _ = validate(cand, SETTINGS)
    assert article["text"] == "The longer content of the entry, with tides."
    assert article["published_at"] == "2025-02-01T06:00:00Z"


@pytest.mark.parametrize(
    "data",
    [
        b"this is not a feed {",
        b"",
        b"<html><body>a page</body></html>",
        # feedparser itself raises on a surrogate character reference
        b"<rss version='2.0'><channel><item><description>&#xD800;</description></item></channel></rss>",
    ],
)
def test_a_document_that_is_no_feed_is_one_malformed_feed(data: bytes) -> None:
    cands = feeds.feed_candidates(data, "x")
    assert _outcomes(cands) == ["malformed_feed"]
    assert cands[0].raw == data


def test_missing_feed_file_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(feeds.FeedUnavailable, match="cannot read feed"):
        feeds.load_feed(str(tmp_path / "missing.xml"))


def test_text_over_the_limit_is_too_large() -> None:
    cand = Candidate(b"", "x", value={"text": "é" * 6000})  # 12,000 bytes > 10,000
    assert _outcomes([cand]) == ["too_large"]


def test_other_fields_are_bounded_too() -> None:
    cand = Candidate(b"", "x", value={"text": "short", "title": "t" * 200_000})
    assert _outcomes([cand]) == ["too_large"]


def test_fields_that_cannot_be_utf8_json_are_bad_encoding() -> None:
    cand = Candidate(b"", "x", value={"text": "fine", "title": "half a pair \ud800"})
    assert _outcomes([cand]) == ["bad_encoding"]


@pytest.mark.parametrize(
    ("raw", "limit", "kept", "truncated"),
    [
        (b"short", 10, b"short", False),
        (b"abcdefghij", 4, b"abcd", True),
        ("ééé".encode(), 3, "é".encode(), True),  # cut on a character boundary
        (b"\xff" * 10, 4, b"\xff" * 4, True),
    ],
)
def test_dead_letter_originals_are_truncated_safely(raw: bytes, limit: int, kept: bytes, truncated: bool) -> None:
    assert truncate_original(raw, limit) == (kept, truncated)


@pytest.mark.parametrize("url", ["http://[broken", "https://[::1", "not a url", "//no-scheme.example/x"])
def test_urls_that_cannot_be_parsed_are_bad_field(url: str) -> None:
    assert _outcomes([Candidate(b"", "x", value={"text": "Body.", "url": url})]) == ["bad_field"]
