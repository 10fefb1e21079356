"""Reading without positions gives the same data, and gives up wherever a problem would be
reported, so that the loader reads again with positions to report it."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_loader import VALID

from briefing.core.bundled import default_briefing
from briefing.core.loader import check_bytes, load_bytes
from briefing.core.problems import BriefingInvalid
from briefing.core.yamlplain import read_plain
from briefing.core.yamltree import read_tree

DATA = Path(__file__).parent / "data"

SAME_DATA = {
    "valid-example": VALID,
    "empty-plain-value-is-none": "a:\nb: ''\nc: \"\"\nd: [x, '', ]\n",
    "nested": "a:\n  - b: 1\n    c: [d, {e: f}]\n  - - g\n    - h\n",
    "text-composed": "cafe\u0301: se\u0301ance\nlist: [nai\u0308ve]\n",
    "quoted-merge-word": "'<<': text\n",
    "yaml-1-1-words": "a: yes\nb: 010\nc: 2025-06-06\nd: null\ne: ~\n",
    "block-scalars": "a: |\n  one\n  two\nb: >\n  three\n  four\n",
    "non-specific-tag": "a: ! text\n",
    "one-document-marked": "---\na: b\n...\n",
}


@pytest.mark.parametrize("text", list(SAME_DATA.values()), ids=list(SAME_DATA))
def test_the_same_data_as_the_positioned_reading(text: str) -> None:
    tree, findings = read_tree(text)
    assert findings == []
    assert read_plain(text) == tree.data


@pytest.mark.parametrize(
    "path",
    [default_briefing(), *sorted(DATA.glob("*.yaml"))],
    ids=lambda path: path.name,
)
def test_the_same_data_for_the_briefings_here(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    tree, findings = read_tree(text)
    assert findings == []
    assert read_plain(text) == tree.data


REFUSED = {
    "anchor": "a: &x b\n",
    "alias": "a: b\nc: *x\n",
    "tag": "a: !!str b\n",
    "tag-on-a-list": "a: !!seq [b]\n",
    "merge-key": "a:\n  <<: {b: c}\n",
    "duplicate-key": "a: b\na: c\n",
    "duplicate-key-after-a-list": "a: [b]\na: c\n",
    "list-as-key": "? [a]\n: b\n",
    "mapping-as-key": "{a: b}: c\n",
    "second-document": "a: b\n---\nc: d\n",
    "too-deep": "a: " + "[" * 17 + "]" * 17 + "\n",
    "syntax-error": "a: b\n c: d\n",
    "unclosed-quote": 'a: "b\n',
}


@pytest.mark.parametrize("text", list(REFUSED.values()), ids=list(REFUSED))
def test_gives_up_where_the_positioned_reading_reports(text: str) -> None:
    _tree, findings = read_tree(text)
    assert findings, "the positioned reading reports this"
    assert read_plain(text) is None


def test_the_loader_reports_a_mistake_as_the_positioned_reading_does() -> None:
    # Loading tries the quick reading first; the mistake is still reported, at its place,
    # exactly as ``validate`` (which always reads with positions) reports it.
    text = VALID.replace("    sources: [s1]", "    sources: [s9]", 1)
    with pytest.raises(BriefingInvalid) as loaded:
        load_bytes(text.encode(), "b.yaml")
    with pytest.raises(BriefingInvalid) as checked:
        check_bytes(text.encode(), "b.yaml")
    assert loaded.value.report() == checked.value.report()
    assert loaded.value.report().startswith("b.yaml:16:15: source 's9' is not defined")
