"""What the terminal the reader is started in can show, from its environment.

No Textual here: the command decides before it imports the interface.
"""

from __future__ import annotations

import locale
from collections.abc import Mapping


def terminal_problem(environ: Mapping[str, str]) -> str | None:
    """Why the full-screen reader cannot be drawn here, or None when it can.

    ``TERM=dumb`` has no cursor movement. A locale whose character set is not UTF-8
    cannot show the borders, marks and arrows. The locale is read from ``LC_ALL``,
    ``LC_CTYPE`` and ``LANG`` (POSIX's order), not from Python's encoding: a reader served
    over SSH runs in UTF-8 whatever the client's terminal is, and the client's locale is
    what it was given.
    """
    if environ.get("TERM") == "dumb":
        return "this terminal (TERM=dumb) cannot show the reader"
    locale_name = next(
        (environ[name] for name in ("LC_ALL", "LC_CTYPE", "LANG") if environ.get(name)), ""
    )
    charset = _charset(locale_name)
    if charset is not None and charset.replace("-", "").lower() != "utf8":
        return f"the reader needs a UTF-8 locale, and this one is {locale_name}"
    return None


def _charset(locale_name: str) -> str | None:
    """The character set of a locale name (``en_US.ISO-8859-1``: ``ISO-8859-1``); None for
    the C locale and for no locale, which Python and terminals treat as UTF-8."""
    if locale_name in ("", "C", "POSIX"):
        return None
    name = locale_name if "." in locale_name else locale.normalize(locale_name)
    _, _, charset = name.partition(".")
    return charset.partition("@")[0] or None
