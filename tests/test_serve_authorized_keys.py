"""Reading authorized-keys options the way sshd(8) does, without a network."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

asyncssh = pytest.importorskip("asyncssh", reason="briefing serve needs the ssh extra (asyncssh)")

from briefing.serve.authorized_keys import (  # noqa: E402
    KeyOption,
    KeyRefused,
    KeyRights,
    OptionsError,
    from_matches,
    parse_expiry_time,
    parse_options,
    read_authorized_keys,
    rights_for,
    split_options,
)
from briefing.serve.policy import ExportCommand  # noqa: E402

KEY = asyncssh.generate_private_key("ssh-ed25519").export_public_key().decode().strip()


def test_options_are_split_at_the_first_unquoted_space() -> None:
    line = f'command="export --about Dy",from="10.0.0.1" {KEY}'
    assert split_options(line) == ('command="export --about Dy",from="10.0.0.1"', KEY)
    assert split_options('command="a \\" b" rest') == ('command="a \\" b"', "rest")


def test_options_are_read_in_order_with_their_values() -> None:
    assert parse_options('RESTRICT,Pty,command="export \\"x\\"",from="a,b"') == (
        KeyOption("restrict"),
        KeyOption("pty"),
        KeyOption("command", 'export "x"'),
        KeyOption("from", "a,b"),
    )


@pytest.mark.parametrize(
    "text", ["", ",restrict", "restrict,", 'from="open', "from=unquoted", 'pty"x"', "a b"]
)
def test_malformed_options_are_refused(text: str) -> None:
    with pytest.raises(OptionsError):
        parse_options(text)


@pytest.mark.parametrize(
    ("options", "rights"),
    [
        ("restrict", KeyRights(pty=False)),
        ("restrict,pty", KeyRights(pty=True)),
        ("pty,restrict", KeyRights(pty=False)),
        ("no-pty,pty", KeyRights(pty=True)),
        ('command="export"', KeyRights(command=ExportCommand())),
        ('command="export --about=Dy"', KeyRights(command=ExportCommand("Dy"))),
        ('environment="A=b",environment="C=d",tunnel="1"', KeyRights()),
    ],
)
def test_rights_follow_the_options_in_order(options: str, rights: KeyRights) -> None:
    assert rights_for(parse_options(options)) == rights


def test_expiry_time_in_local_time_or_utc() -> None:
    assert parse_expiry_time("20300102Z") == datetime(2030, 1, 2, tzinfo=UTC)
    assert parse_expiry_time("203001020304Z") == datetime(2030, 1, 2, 3, 4, tzinfo=UTC)
    assert parse_expiry_time("20300102030405z") == datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    local = parse_expiry_time("20300102")
    assert local.tzinfo is not None and local.replace(tzinfo=None) == datetime(2030, 1, 2)
    for bad in (
        "2030010",
        "20301302",
        "2030-01-02",
        "203001020304050",
        "",
        "Z",
        "２０３００１０２",
    ):
        with pytest.raises(KeyRefused):
            parse_expiry_time(bad)


def test_an_expired_key_is_refused_the_moment_it_expires() -> None:
    options = parse_options('expiry-time="20300102Z"')
    moment = datetime(2030, 1, 2, tzinfo=UTC)
    assert rights_for(options, now=moment) == KeyRights()
    with pytest.raises(KeyRefused, match="expired"):
        rights_for(options, now=moment + timedelta(seconds=1))


@pytest.mark.parametrize(
    ("patterns", "address", "matches"),
    [
        ("192.0.2.7", "192.0.2.7", True),
        ("192.0.2.0/24", "192.0.2.7", True),
        ("192.0.2.0/24", "198.51.100.7", False),
        ("192.0.2.*", "192.0.2.77", True),
        ("192.0.2.?", "192.0.2.77", False),
        ("!192.0.2.7,192.0.2.0/24", "192.0.2.7", False),
        ("192.0.2.0/24,!192.0.2.7", "192.0.2.7", False),
        ("!192.0.2.7", "192.0.2.8", False),  # a negation alone allows nothing
        ("2001:db8::/32", "2001:db8::1", True),
        ("2001:db8::/32", "192.0.2.1", False),
        ("192.0.2.1/24", "192.0.2.1", False),  # host bits set
        ("host.example", "192.0.2.1", False),
        ("[", "192.0.2.1", False),
    ],
)
def test_from_patterns(patterns: str, address: str, matches: bool) -> None:
    assert from_matches(patterns, address) is matches


def test_a_file_with_problems_says_which_line_and_why() -> None:
    text = "\n".join(
        [
            "# comment",
            "",
            KEY,
            f"frobnicate {KEY}",
            f'from="unclosed {KEY}',
            "not a key at all",
            f"restrict,pty {KEY}",
        ]
    )
    entries, problems = read_authorized_keys(text)
    assert [entry.line for entry in entries] == [3, 4, 7]
    assert [(problem.line, problem.message.split(":")[0]) for problem in problems] == [
        (4, "unknown option 'frobnicate'; this key is refused"),
        (5, "cannot read the options"),
        (6, "not a public key"),
    ]
