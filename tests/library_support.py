"""Briefing files for library tests: written as a curator's editor would, and variants of
the small test briefing under other ids."""

from __future__ import annotations

import os
from pathlib import Path

from ui_support import MINI

BUNDLED = Path(__file__).resolve().parents[1] / "content" / "rare-earths-2025.yaml"
MINI_TEXT = MINI.read_text(encoding="utf-8")
MINI_BROKEN = MINI_TEXT.replace("\ntitle: Mini briefing\n", "\ntitle: [\n")
"""A curator's edit of the small test briefing that does not validate (at line 3)."""


def write_edit(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` with a later modification time each write, as an editor's
    save would give on a slow clock."""
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def variant(new_id: str, title: str, as_of: str) -> str:
    """The small test briefing's text under ``new_id``, with ``title`` and ``as_of``."""
    text = MINI_TEXT.replace("\nid: mini\n", f"\nid: {new_id}\n", 1)
    text = text.replace("\ntitle: Mini briefing\n", f"\ntitle: {title}\n", 1)
    return text.replace("\nas_of: 2025-11-10", f"\nas_of: {as_of}", 1)
