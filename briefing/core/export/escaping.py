"""Briefing text as inline Markdown that renders as exactly that text.

Briefing text cannot open headings, lists, links, images, HTML, code or extra table
cells, nor become emoji, and control characters are removed before they reach the file.
"""

from __future__ import annotations

import functools
import re

from briefing.core.text import sanitize_line

# Escaped everywhere: emphasis, code, links and images, HTML and autolinks, table cells,
# strikethrough and fences, ATX headings, and the backslash itself.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# GitHub turns bare addresses into links; an escape inside one keeps it text.
_BARE_LINK = re.compile(r"(?i)(?<=:)(//)|(?<=\bwww)(\.)|(@)")
# GitHub-flavoured renderers (GitHub, pandoc's gfm) turn ``:name:`` into an emoji, so that
# "1:100:1000" reads "1💯1000". A colon that could open a name, here or with the next
# piece of the line, is escaped; the names are those of GitHub's emoji list, gemoji.
_SHORTCODE = re.compile(r":(?=[A-Za-z0-9_+-]+(?::|$))")
_LEADING_BLOCK = re.compile(r"^([-+=>:])")
_LEADING_ORDERED = re.compile(r"^(\d{1,9})([.)])")
# Whatever any of the patterns above could change: most words hold none of it.
_ANY_SPECIAL = re.compile(r"(?i)[\\`*_\[\]<>|~#&@:]|//|www\.|^[-+=>]|^\d")


@functools.lru_cache(maxsize=4096)
def escape(text: str) -> str:
    """Briefing text as inline Markdown that renders as exactly that text, on one line."""
    line = sanitize_line(text)
    if not _ANY_SPECIAL.search(line):
        return line
    line = _INLINE_SPECIAL.sub(r"\\\1", line)
    line = _ENTITY.sub(r"\\&", line)
    line = _BARE_LINK.sub(lambda match: "\\" + match.group(), line)
    line = _SHORTCODE.sub(r"\\:", line)
    # Only at the start of a block can these open a list, quote or heading underline.
    line = _LEADING_BLOCK.sub(r"\\\1", line)
    return _LEADING_ORDERED.sub(r"\1\\\2", line)


_URL_SAFE = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]")


def safe_url(url: str) -> str:
    """``url`` with anything that could end an autolink, or is not ASCII, percent-encoded."""
    return _URL_SAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)


visible = functools.lru_cache(maxsize=4096)(sanitize_line)
"""The text a reader sees of briefing text (control characters removed), cached."""
