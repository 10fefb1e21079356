"""Text folding for search: lower case without accents, and words only.

``fold`` is what the search compares; ``fold_with_origin`` also says where each folded
character came from, so that a match found in folded text is highlighted in the text as
shown; ``words_only`` keeps the word characters (``\\w``) and makes every other one a
line break, so that one scan finds where a word, or the start of one, occurs.
"""

from __future__ import annotations

import re
import unicodedata

NOT_WORD = re.compile(r"\W")
# Every ASCII character that is not a word character (``\W``), to a line break.
_ASCII_NOT_WORD = str.maketrans(
    {chr(code): "\n" for code in range(128) if not (chr(code).isalnum() or chr(code) == "_")}
)


def fold(text: str) -> str:
    """Lower case with accents removed: what the search compares."""
    return fold_with_origin(text)[0]


def fold_with_origin(text: str) -> tuple[str, list[int] | None]:
    """``text`` folded, and for each folded character the index in ``text`` it came from
    (None when they are the same: ASCII text folds one character to one)."""
    if text.isascii():
        return text.lower(), None
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for part in unicodedata.normalize("NFKD", char):
            if unicodedata.combining(part):
                continue
            for lowered in part.casefold():
                folded.append(lowered)
                origin.append(index)
    return "".join(folded), origin


def words_only(text: str) -> str:
    """``text`` with every character that is not a word character (``\\w``) a line break."""
    if text.isascii():
        return text.translate(_ASCII_NOT_WORD)
    return NOT_WORD.sub("\n", text)
