"""Where the briefings and stylesheets shipped with the package live."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """``content`` or ``themes``: inside the wheel, or at the top of a source checkout."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def bundled_briefings() -> list[Path]:
    """Every briefing shipped with the package (its content folder's ``*.yaml``), sorted."""
    return sorted(data_dir("content").glob("*.yaml"))


def default_briefing() -> Path:
    """The briefing the reader and the commands open when given no file: the rare-earths one
    shipped with the package."""
    return data_dir("content") / "rare-earths-2025.yaml"
