"""What tests share: answers that satisfy a worksheet configuration (the devsite's demo work builds
them too), and a page's text as a reader meets it (for the tests that fail on English in Spanish)."""
import re
import zlib
from html.parser import HTMLParser

from devsite.demo_work import valid_answers, valid_value  # noqa: F401


class _Text(HTMLParser):
    """The text a reader meets on a page: text nodes and the labels of attributes."""

    def __init__(self):
        super().__init__()
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self._skip += 1
        for name, value in attrs:
            if name in ("aria-label", "title", "alt", "placeholder") and value:
                self.chunks.append(value.strip())

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.chunks.append(" ".join(data.split()))


def text_chunks(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.chunks


def owned_english(html: str, content: set[str]) -> set[str]:
    """A page's own English text: every text chunk with a word in it, less the course's content
    (`content`: what authors and learners wrote, exempt from translation)."""
    return {chunk for chunk in text_chunks(html)
            if re.search(r"[A-Za-z]{3}", chunk) and not any(part in chunk for part in content)}


_STREAM = re.compile(rb"/Length (\d+)\s*(?:/[^>]*)?>>\s*stream\r?\n")


def pdf_streams(content: bytes) -> bytes:
    """A PDF's streams, inflated where they are compressed (fpdf2 compresses page content). Each is cut
    by its dictionary's /Length, not by looking for "endstream": compressed bytes may end in "\\r",
    which a pattern would take for the line end and cut off, and the stream would not inflate."""
    parts = []
    for match in _STREAM.finditer(content):
        data = content[match.end():match.end() + int(match.group(1))]
        try:
            parts.append(zlib.decompress(data))
        except zlib.error:
            parts.append(data)
    return b"\n".join(parts)
