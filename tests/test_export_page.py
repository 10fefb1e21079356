"""The brief stays on one page: the budget always, and a real print to PDF where possible."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt

from briefing.cli import main
from briefing.core.bundled import default_briefing
from briefing.core.export import DROP_ORDER, PAGE_BUDGET, Budget, build_brief, escape
from briefing.core.export.budget import RUN_IN
from briefing.core.loader import load_briefing, load_bytes
from briefing.core.model import Briefing

MINI = Path(__file__).parent / "data" / "mini.yaml"

_WORDS = [
    "export",
    "licence",
    "rare",
    "earth",
    "magnets",
    "ministry",
    "commerce",
    "tariff",
    "supply",
    "chain",
    "dysprosium",
    "terbium",
    "shipments",
    "fell",
    "sharply",
    "after",
    "Beijing",
    "announced",
    "controls",
    "on",
    "seven",
    "heavy",
    "elements",
    "while",
    "Washington",
    "negotiated",
    "carmakers",
    "warned",
    "of",
    "stoppages",
    "across",
    "Europe",
    "processing",
    "capacity",
    "refining",
    "mining",
    "output",
    "quota",
    "agreement",
    "truce",
]


def everything_key(seed: int, scale: float = 1.0, length: float = 1.0) -> dict[str, Any]:
    """A briefing far larger than a page, with every item marked key."""
    rng = random.Random(seed)

    def sentence(words: int, scaled: bool = True) -> str:
        count = max(3, int(words * length)) if scaled else words
        return " ".join(rng.choice(_WORDS) for _ in range(count)).capitalize() + "."

    def phrase(words: int) -> str:
        return sentence(words)[:-1]

    sources = [
        {
            "id": f"s{n}",
            "publisher": phrase(3),
            "title": phrase(12),
            # After every event, so that each can be cited (see source_dates).
            "published": f"2025-11-{1 + n % 9:02d}",
            "url": f"https://news.example.com/2025/{n}/" + "-".join(rng.sample(_WORDS, 8)),
        }
        for n in range(int(30 * scale))
    ]

    def cited() -> str:
        # Most claims rest on a few sources, as in a real briefing.
        return str(rng.choice(sources[: max(4, len(sources) // 3)])["id"])

    symbols = [
        "La",
        "Ce",
        "Pr",
        "Nd",
        "Sm",
        "Eu",
        "Gd",
        "Tb",
        "Dy",
        "Ho",
        "Er",
        "Tm",
        "Yb",
        "Lu",
        "Sc",
        "Y",
        "Ga",
        "Ge",
        "Sb",
        "W",
    ]
    symbols = symbols[: max(3, int(len(symbols) * min(scale, 1)))]
    actors = [
        {
            "id": f"a{n}",
            "name": phrase(3),
            "kind": "person",
            "role": phrase(6),
            "key": "true",
            "sources": [cited()],
        }
        for n in range(int(14 * scale))
    ]
    events = [
        {
            "id": f"e{n}",
            "date": f"2025-{1 + n % 10:02d}-{1 + n % 28:02d}",
            "title": phrase(14),
            "summary": sentence(30),
            "sources": [cited(), cited()],
            "actors": [rng.choice(actors)["id"]],
            "elements": [rng.choice(symbols)],
            "key": "true",
        }
        for n in range(int(25 * scale))
    ]
    elements: list[dict[str, Any]] = []
    for n, symbol in enumerate(symbols):
        element: dict[str, Any] = {"symbol": symbol, "sources": [cited()]}
        if n % 3 == 0:
            element["controls"] = [{"since": "2025-04-04", "measure": phrase(5), "event": "e1"}]
        elif n % 3 == 1:
            element["controls"] = [
                {"since": f"2025-10-{1 + n:02d}", "measure": phrase(4), "until": "2025-11-01"}
            ]
        elements.append(element)
    return {
        "format": "1",
        "id": f"everything-key-{seed}",
        "title": phrase(12),
        "subtitle": phrase(10),
        "as_of": "2025-11-10",
        "summary": sentence(78, scaled=False),  # the format's limit is 80 words
        "key_points": [
            {"text": sentence(40), "sources": [cited(), cited()]} for _ in range(int(10 * scale))
        ],
        "sources": sources,
        "events": events,
        "elements": elements,
        "actors": actors,
        "quotes": [
            {
                "id": f"q{n}",
                "text": sentence(45),
                "speaker": rng.choice(actors)["id"],
                "source": cited(),
                "date": "2025-05-05",
                "key": "true",
            }
            for n in range(int(6 * scale))
        ],
        "figures": [
            {
                "id": f"f{n}",
                "value": f"{rng.randint(1, 999)} billion tonnes",
                "label": phrase(12),
                "source": cited(),
                "date": "2025-06",
                "key": "true",
            }
            for n in range(int(10 * scale))
        ],
    }


SHAPES = {
    "large": (0, 1.0, 1.0),
    "long-texts": (1, 0.5, 2.0),
    "many-short-items": (2, 2.0, 0.3),
}


def load_shape(name: str) -> Briefing:
    seed, scale, length = SHAPES[name]
    data = everything_key(seed, scale, length)
    return load_bytes(yaml.safe_dump(data, sort_keys=False).encode(), f"{name}.yaml")


# --- the budget ----------------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
def test_everything_key_still_fits_the_budget(shape: str) -> None:
    briefing = load_shape(shape)
    brief = build_brief(briefing)
    assert brief.fits, brief.usage_line()
    assert brief.dropped  # there was far more than a page
    assert brief.usage.lines > PAGE_BUDGET.lines * 0.8  # and the page is used
    # Whole items only: every key point and timeline title in the brief is complete.
    for point in briefing.key_points:
        if point.text[:20] in brief.markdown:
            assert f"- {escape(point.text)} [" in brief.markdown
    for event in briefing.events:
        if event.title[:20] in brief.markdown:
            assert f"– {escape(event.title)} [" in brief.markdown


@pytest.mark.parametrize("shape", SHAPES)
def test_the_most_important_sections_survive(shape: str) -> None:
    markdown = build_brief(load_shape(shape)).markdown
    for label in ("**Bottom line:**", "\n## Key points\n", "\n## Sources\n"):
        assert label in markdown


def test_drop_order_empties_key_events_next_to_last_and_key_points_last() -> None:
    emptied = [section for section, keep in DROP_ORDER if keep == 0]
    assert emptied[-2:] == ["events", "key_points"]
    # Quotes, actors and figures give way before element groups; all before events.
    assert set(emptied[:3]) == {"quotes", "actors", "figures"} and emptied[3] == "elements"
    # Nothing of the last two is dropped before everything else has been.
    first_event = next(i for i, (section, _) in enumerate(DROP_ORDER) if section == "events")
    assert all(keep == 0 or keep == RUN_IN for _, keep in DROP_ORDER[:first_event][-4:])
    assert [section for section, _ in DROP_ORDER[first_event:]] == [
        "events",
        "events",
        "key_points",
        "key_points",
    ]
    # Each section only ever shrinks, one round at a time; tables and lists become run-in
    # paragraphs before anything is dropped.
    for section in set(emptied):
        keeps = [keep for name, keep in DROP_ORDER if name == section and keep != RUN_IN]
        assert keeps == sorted(keeps, reverse=True)
    assert [keep for _, keep in DROP_ORDER[:2]] == [RUN_IN, RUN_IN]


def test_left_out_items_are_noted_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "large.yaml"
    path.write_text(yaml.safe_dump(everything_key(*SHAPES["large"]), sort_keys=False))
    assert main(["export", str(path), "-o", str(tmp_path / "brief.md")]) == 0
    err = capsys.readouterr().err
    first, *others = err.splitlines()
    assert re.fullmatch(
        r"briefing export: left out to fit one page \((\d+ [a-z ]+, )*\d+ [a-z ]+\); "
        r"--about ID gives a narrower brief",
        first,
    )
    # Element groups left out or shortened are named, so the reader knows the list is partial.
    for line in others:
        assert re.match(r"briefing export: (the elements section|element groups listed)", line)
    assert main(["export", str(path), "-q", "-o", str(tmp_path / "quiet.md")]) == 0
    assert capsys.readouterr().err == ""


# --- a real print --------------------------------------------------------------------------

CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None
)
PDFINFO = shutil.which("pdfinfo")
PDFTOTEXT = shutil.which("pdftotext")
needs_printer = pytest.mark.skipif(
    CHROMIUM is None or PDFINFO is None,
    reason="needs chromium and pdfinfo (Debian: apt-get install chromium poppler-utils)",
)


def print_pdf(briefs: Sequence[tuple[str, str]], paper: str, workdir: Path) -> Path:
    """Briefs, each given as its Markdown and a font, printed from plain HTML to one PDF by
    one start of the browser: 11 pt, 15 mm margins, browser defaults, each brief from the
    top of a new page, as it would print alone."""
    render = MarkdownIt("commonmark").enable("table").render
    sections = "".join(
        f'<section style="font-family: {font}">{render(markdown)}</section>'
        for markdown, font in briefs
    )
    html = workdir / "briefs.html"
    html.write_text(
        '<!doctype html><html><head><meta charset="utf-8"><style>'
        f"@page {{ size: {paper}; margin: 15mm }} "
        "body { font-size: 11pt; margin: 0 } section + section { break-before: page }"
        f"</style></head><body>{sections}</body></html>",
        encoding="utf-8",
    )
    pdf = workdir / "briefs.pdf"
    assert CHROMIUM is not None
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={workdir / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            html.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    return pdf


def print_pages(briefs: Sequence[tuple[str, str]], paper: str, workdir: Path) -> int:
    """Pages of the briefs printed by ``print_pdf``: as many as there are briefs when each
    fits on one page."""
    pdf = print_pdf(briefs, paper, workdir)
    assert PDFINFO is not None
    info = subprocess.run(
        [PDFINFO, str(pdf)], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    match = re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE)
    assert match, info
    return int(match[1])


def _bundled_or_mini() -> Briefing:
    bundled = default_briefing()
    return load_briefing(bundled if bundled.exists() else MINI)


def test_the_bundled_brief_keeps_key_points_and_key_events() -> None:
    briefing = load_briefing(default_briefing())
    markdown = build_brief(briefing).markdown
    points = [p for p in briefing.key_points if f"\n- {escape(p.text)} [" in markdown]
    events = [e for e in briefing.events if e.key and f"** – {escape(e.title)} [" in markdown]
    assert len(points) >= 7 and len(events) >= 5, (len(points), len(events))


# The browser's defaults (Times and Arial metrics) and DejaVu, wider, the default elsewhere.
PRINTED_FONTS = ("serif", "sans-serif", "'DejaVu Serif'", "'DejaVu Sans'")


@needs_printer
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_brief_prints_on_one_page(paper: str, tmp_path: Path) -> None:
    # Each brief in each font starts a page: one that ran over would add a page.
    bundled = build_brief(_bundled_or_mini()).markdown
    many = build_brief(load_shape("many-short-items")).markdown
    briefs = [(markdown, font) for markdown in (bundled, many) for font in PRINTED_FONTS]
    assert print_pages(briefs, paper, tmp_path) == len(briefs)


@needs_printer
def test_the_page_count_is_real(tmp_path: Path) -> None:
    # Without the budget the same briefing needs more than a page.
    roomy = Budget(words=10**6, lines=10**6, table_rows=6)
    markdown = build_brief(load_shape("large"), budget=roomy).markdown
    assert print_pages([(markdown, "serif")], "Letter", tmp_path) > 1
    # And a brief that does fit, printed after it, still starts a page of its own.
    fits = build_brief(load_shape("large")).markdown
    alone = print_pages([(markdown, "serif")], "Letter", tmp_path)
    assert print_pages([(markdown, "serif"), (fits, "serif")], "Letter", tmp_path) == alone + 1


needs_layout = pytest.mark.skipif(
    CHROMIUM is None or PDFTOTEXT is None,
    reason="needs chromium and pdftotext (Debian: apt-get install chromium poppler-utils)",
)

LINE_MM = 11 / 72 * 25.4 * 1.164
"""One line of 11 pt text in DejaVu (line height 1.164 em), the tallest of the fonts."""


def printed_heights_mm(briefs: Sequence[tuple[str, str]], workdir: Path) -> list[float]:
    """How far below the top margin each brief's last line of text ends, each printed on a
    page of its own as wide as A4 and too tall to break."""
    pdf = print_pdf(briefs, "210mm 2000mm", workdir)
    assert PDFTOTEXT is not None
    boxes = subprocess.run(
        [PDFTOTEXT, "-bbox", str(pdf), "-"], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    pages = boxes.split("<page ")[1:]
    assert len(pages) == len(briefs), "a brief ran over its page"
    return [
        max(float(found) for found in re.findall(r'yMax="([\d.]+)"', page)) / 72 * 25.4 - 15
        for page in pages
    ]


@needs_layout
def test_the_estimate_follows_chromiums_layout(tmp_path: Path) -> None:
    # The estimate is calibrated on DejaVu, the widest of the fonts the brief is printed in
    # (test_the_brief_prints_on_one_page): never short there, it is not short in a
    # narrower font either, such as Liberation's Times and Arial metrics where those are
    # the browser's serif and sans-serif.
    briefing = _bundled_or_mini()
    briefs = {
        "bundled": build_brief(briefing),
        "about": build_brief(briefing, about="Dy"),
        **{name: build_brief(load_shape(name)) for name in SHAPES},
    }
    cases = [(name, font) for name in briefs for font in ("'DejaVu Serif'", "'DejaVu Sans'")]
    heights = printed_heights_mm([(briefs[name].markdown, font) for name, font in cases], tmp_path)
    off = []
    for (name, font), height in zip(cases, heights, strict=True):
        printed, estimated = height / LINE_MM, briefs[name].usage.lines
        # Never short, and not a worst case: within the rounding up, the last block's
        # margin and a line or two of wrapping.
        if not 0 <= estimated - printed < 4:
            off.append(f"{name} in {font}: estimated {estimated}, printed {printed:.1f}")
    assert not off, off


# --- validate's warning ----------------------------------------------------------------------


def test_validate_warns_when_the_key_items_cannot_all_fit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "large.yaml"
    path.write_text(yaml.safe_dump(everything_key(*SHAPES["large"]), sort_keys=False))
    assert main(["validate", str(path)]) == 0
    lines = capsys.readouterr().err.splitlines()
    found = [line for line in lines if "marked key" in line]
    assert len(found) == 1, lines
    match = re.fullmatch(
        r"(.+?): warning: the items marked key do not all fit the one-page brief; "
        r"it holds (.+?) \(.+\)",
        found[0],
    )
    assert match, found[0]
    where, counts = match.groups()
    # How many of each kind fit, against how many are marked: the curator's choice.
    brief = build_brief(load_briefing(path))
    kinds = ["key points", "key events", "key figures", "key actors", "key quotes"]
    sections = ["key_points", "events", "figures", "actors", "quotes"]
    expected = [
        f"{brief.shown[section]} of {brief.candidates[section]} {kind}"
        for kind, section in zip(kinds, sections, strict=True)
    ]
    assert counts.split(", ") == expected
    # At the first item left out: the lowest-priority key quote's ``key:``.
    file, line, column = where.rsplit(":", 2)
    assert file == str(path)
    assert path.read_text().splitlines()[int(line) - 1][int(column) - 1 :] == "'true'"
    assert main(["validate", "--strict", str(path)]) == 1


@pytest.mark.parametrize("name", ["bundled", "mini"])
def test_briefings_whose_key_items_fit_validate_without_the_warning(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = default_briefing() if name == "bundled" else MINI
    assert main(["validate", str(path)]) == 0
    assert "marked key" not in capsys.readouterr().err
