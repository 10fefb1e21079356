"""The start-up tricks that earn their place, in one place, each with its measured figure.

Each was measured with ``python -m briefing.devtools.bench_phases`` against a copy of the
tree without it (median of 12 paired rounds at 120x40, the reader's CPU time to its first
frame; see docs/performance.md), and each is kept only because it saves at least 10 ms:

- The cycle collector is paused from ``briefing FILE`` until the first frame, then what
  start-up built is frozen (``pause_collection``, ``resume_collection``): 54 ms.
- The briefing is validated by a forked child while this process imports Textual
  (``briefing.core.preload.load_in_background``, started by ``briefing.cli.boot``):
  110 ms when the briefing is not in the cache.
- A briefing validated before is read back from the cache of validated briefings
  (``briefing.core.cache``), with no child: 27 ms of the reader's CPU and the child's
  210 ms.
- A reader served a library lists the catalogue its server made for the session and opens
  the briefings the server validated (``briefing.serve.snapshot``), rather than validating
  every file itself: for 10 files the size of the bundled briefing, 184 ms of the reader's
  CPU time before Textual is imported (193 → 10 ms, medians of 12 fresh processes), and
  12 MiB of its memory (PSS) with a briefing open (``bench_serve --only library``; see
  docs/performance.md).
- On a terminal too small for the panes together, the panes not shown are mounted just
  after the first frame (``briefing.ui.widgets.deferred.Deferred``, a ``Lazy`` that a
  quit before that frame does not break): 15 ms of CPU to the first frame at 80x24
  (``bench_phases --size 80x24``).

Not start-up, but of the same kind, and kept by the same rule where users feel it:

- The search and export screens' styles are read while the reader waits for keys, once
  the brief is built ahead (``briefing.ui.prepared``), not when ``/`` or ``e`` is first
  pressed: the first ``/`` opens 32 ms sooner (78 against 110 ms, median of 10 paired
  rounds at 120x40); the first ``e`` shows no difference that the runs could tell.

Imports nothing of Textual: ``briefing.cli.boot`` calls it before Textual is imported.
"""

from __future__ import annotations

import gc


def pause_collection() -> None:
    """Turn the cycle collector off for start-up (54 ms saved to the first frame).

    Start-up allocates about 100,000 objects and frees few of them, so the collector's
    passes over them find little.
    """
    gc.disable()


def resume_collection() -> None:
    """Turn the cycle collector back on if start-up turned it off, freezing what start-up
    built first: it lives as long as the reader, and later collections then skip it
    instead of pausing the reader to walk it again."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def keep_for_good() -> None:
    """Freeze what exists now (the search index, once made): for a big briefing, walking
    it again paused each keystroke by a tenth of a second."""
    gc.freeze()
