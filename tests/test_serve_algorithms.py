"""No SHA-1 anywhere: the OpenSSH client forced to a SHA-1 algorithm cannot get in."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("asyncssh", reason="briefing serve needs the ssh extra (asyncssh)")

from serve_support import (  # noqa: E402
    MINI,
    Server,
    local_export,
    make_key,
    needs_openssh,
    run_ssh,
    start_server,
)

from briefing.serve.server import (  # noqa: E402
    CIPHERS,
    KEX_ALGORITHMS,
    MACS,
    USER_KEY_SIGNATURES,
    algorithm_options,
)

pytestmark = needs_openssh


@dataclass
class Keys:
    server: Server
    ed25519: Path
    rsa: Path


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Keys]:
    directory = tmp_path_factory.mktemp("algorithms")
    ed25519 = make_key(directory)
    rsa = make_key(directory, "rsa_key", "rsa")
    authorized = directory / "authorized_keys"
    authorized.write_text(
        Path(f"{ed25519}.pub").read_text() + Path(f"{rsa}.pub").read_text(), encoding="utf-8"
    )
    server = start_server(directory, str(MINI), "--authorized-keys", str(authorized))
    yield Keys(server, ed25519, rsa)
    server.stop()


@pytest.mark.parametrize(
    "options",
    [
        ("-o", "KexAlgorithms=diffie-hellman-group14-sha1"),
        ("-o", "KexAlgorithms=diffie-hellman-group-exchange-sha1"),
        ("-o", "Ciphers=aes128-ctr", "-o", "MACs=hmac-sha1"),
        ("-o", "Ciphers=aes128-ctr", "-o", "MACs=hmac-sha1-etm@openssh.com"),
    ],
    ids=["kex-group14-sha1", "kex-gex-sha1", "mac-hmac-sha1", "mac-hmac-sha1-etm"],
)
def test_sha1_key_exchange_and_macs_are_refused(keys: Keys, options: tuple[str, ...]) -> None:
    before = len(keys.server.log_lines())
    result = run_ssh(keys.server, keys.ed25519, "export", *options)
    assert result.returncode == 255 and result.stdout == ""
    line = keys.server.next_log_line(before)
    # Whichever side sees the mismatch first hangs up.
    assert (
        'ended="bad client: no algorithm in common"' in line
        or 'ended="client left during key exchange"' in line
    ), line


def test_sha1_signatures_from_an_rsa_key_are_refused(keys: Keys) -> None:
    before = len(keys.server.log_lines())
    result = run_ssh(keys.server, keys.rsa, "export", "-o", "PubkeyAcceptedAlgorithms=ssh-rsa")
    assert result.returncode == 255 and result.stdout == ""
    assert 'ended="not authenticated"' in keys.server.next_log_line(before)


@pytest.mark.parametrize("algorithm", ["rsa-sha2-256", "rsa-sha2-512"])
def test_sha2_signatures_from_an_rsa_key_get_in(keys: Keys, algorithm: str) -> None:
    result = run_ssh(keys.server, keys.rsa, "export", "-o", f"PubkeyAcceptedAlgorithms={algorithm}")
    assert result.returncode == 0, result.stderr
    assert result.stdout == local_export()


@pytest.mark.parametrize(
    "options",
    [
        ("-o", "KexAlgorithms=curve25519-sha256"),
        ("-o", "KexAlgorithms=diffie-hellman-group16-sha512"),
        ("-o", "Ciphers=aes256-ctr", "-o", "MACs=hmac-sha2-256-etm@openssh.com"),
        ("-o", "Ciphers=aes128-gcm@openssh.com"),
    ],
)
def test_modern_algorithms_work(keys: Keys, options: tuple[str, ...]) -> None:
    result = run_ssh(keys.server, keys.ed25519, "export", *options)
    assert result.returncode == 0, result.stderr


def test_nothing_offered_relies_on_sha1() -> None:
    offered = algorithm_options()
    every = [name for names in offered.values() for name in names]
    assert every and not [name for name in every if "sha1" in name or name == "ssh-rsa"]
    assert "curve25519-sha256" in offered["kex_algs"]
    assert "rsa-sha2-256" in offered["signature_algs"]


def test_the_serving_guide_lists_what_is_offered() -> None:
    guide = (Path(__file__).parent.parent / "docs" / "serving.md").read_text(encoding="utf-8")
    for name in (*KEX_ALGORITHMS, *CIPHERS, *MACS, *USER_KEY_SIGNATURES):
        assert f"`{name}`" in guide, name
