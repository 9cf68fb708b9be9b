"""Strip HTML from answers pasted from web forms, keeping their text.

Uses the standard library's :class:`html.parser.HTMLParser`: it reads broken
markup without raising, decodes entities, and treats a ``<`` that starts no tag
("I <3 the nurses", "a < b") as text. Only names of real HTML elements count as
tags, so an answer such as "x<y and z>w" is left as it was typed; a library such
as BeautifulSoup would drop it as an unknown tag (and would be one more
dependency for the analysis package).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Tags whose content is not text to analyse.
DROPPED = frozenset({"script", "style", "head", "title", "template", "noscript", "iframe", "object", "svg", "math"})
# Tags that end a line or a block: replaced by a line break.
BLOCKS = frozenset("""
    address article aside blockquote br caption dd details div dl dt fieldset figcaption figure footer form
    h1 h2 h3 h4 h5 h6 header hr legend li main nav ol p pre section summary table tbody tfoot thead tr ul
""".split())
# Table cells: replaced by a space, so a row reads as one line.
CELLS = frozenset({"td", "th"})
# Inline tags (and Word's namespaced ones, checked by prefix): dropped, their text kept in place.
INLINE = frozenset("""
    a abbr acronym b bdi bdo big body button center cite code del dfn em font html i img input ins kbd label
    mark meta link option q s samp select small span strike strong sub sup textarea time tt u var wbr
""".split())
KNOWN = DROPPED | BLOCKS | CELLS | INLINE
LOOKS_LIKE_HTML = re.compile(r"</?[A-Za-z][\w:-]*[^>]*>|&(#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+\d*);|<!--")
SPACES = re.compile(r"[^\S\n]+")
BLANK_LINES = re.compile(r"\s*\n\s*")


def strip_html(text: str) -> str:
    """Return ``text`` without HTML tags, with entities decoded.

    Block tags (paragraphs, list items, line breaks, table cells) become line
    breaks; ``<script>`` and ``<style>`` content is dropped; runs of spaces and
    blank lines are collapsed. Text with no tag or entity is returned unchanged.

    Parameters
    ----------
    text : str

    Returns
    -------
    str

    Examples
    --------
    >>> strip_html("<p>Parking &amp; access</p><p>I &lt;3 the nurses</p>")
    'Parking & access\\nI <3 the nurses'
    """
    if not isinstance(text, str) or not LOOKS_LIKE_HTML.search(text):
        return text
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    joined = "".join(parser.pieces)
    return BLANK_LINES.sub("\n", SPACES.sub(" ", joined)).strip()


def _separator(tag: str) -> str:
    return "\n" if tag in BLOCKS else " " if tag in CELLS else ""


def _known(tag: str) -> bool:
    return tag in KNOWN or ":" in tag  # "o:p", "v:shape": Word's tags


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag, attrs):
        if not _known(tag):
            self._data(self.get_starttag_text())
        elif tag in DROPPED:
            self.dropping += 1
        else:
            self._data(_separator(tag))

    def handle_startendtag(self, tag, attrs):
        if not _known(tag):
            self._data(self.get_starttag_text())
        else:
            self._data(_separator(tag))

    def handle_endtag(self, tag):
        if not _known(tag):
            self._data(f"</{tag}>")
        elif tag in DROPPED:
            self.dropping = max(0, self.dropping - 1)
        else:
            self._data(_separator(tag))

    def handle_data(self, data):
        self._data(data)

    def _data(self, data):
        if not self.dropping:
            self.pieces.append(data)
