"""Each SSH key's own read state on the server: its directory, cap and expiry."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest
from diff_support import MINI

from briefing.core.loader import load_briefing
from briefing.core.readstate import save_read
from briefing.serve.keystate import (
    MAX_KEY_STATE_BYTES,
    drop_expired,
    key_directory,
    prepare_key_directory,
)

FINGERPRINT = "SHA256:n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg"


def test_each_key_has_a_private_directory(tmp_path: Path) -> None:
    directory = prepare_key_directory(tmp_path / "state", FINGERPRINT)
    assert directory.name == "SHA256_n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg"
    for folder in (directory, directory.parent, directory.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    other = key_directory(tmp_path / "state", "SHA256:" + "A" * 43)
    assert other != directory and other.parent == directory.parent


@pytest.mark.parametrize("bad", ["MD5:aa:bb", "SHA256:../../etc", "SHA256:", "SHA256:a b"])
def test_only_sha256_fingerprints_name_a_directory(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError):
        key_directory(tmp_path, bad)


def test_a_key_state_is_capped(tmp_path: Path) -> None:
    directory = prepare_key_directory(tmp_path, FINGERPRINT)
    filler = directory / "other.json"
    filler.write_bytes(b"x" * MAX_KEY_STATE_BYTES)
    note = save_read(load_briefing(MINI), directory)
    assert note is not None and "full" in note


def test_state_of_briefings_no_longer_served_expires(tmp_path: Path) -> None:
    mini = load_briefing(MINI)
    directory = prepare_key_directory(tmp_path, FINGERPRINT)
    save_read(mini, directory)
    month = 30 * 86400
    now = time.time()
    # Still served: kept, however old.
    os.utime(directory / "mini.json", (now - 12 * month, now - 12 * month))
    assert drop_expired(tmp_path, {"mini"}, now=now) == []
    # No longer served, but recent: kept.
    os.utime(directory / "mini.json", (now - month, now - month))
    assert drop_expired(tmp_path, set(), now=now) == []
    # No longer served and untouched for the retention time: gone, and the key's folder too.
    os.utime(directory / "mini.json", (now - 4 * month, now - 4 * month))
    removed = drop_expired(tmp_path, set(), now=now)
    assert directory / "mini.json" in removed
    assert not directory.exists()
