"""``briefing serve``: an SSH server whose only shell is the briefing reader."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from briefing import __version__
from briefing.core.catalogue import LibraryError
from briefing.core.library import list_briefing_files
from briefing.serve.authorized_keys import (
    AuthorizedKeysFile,
    KeyRefused,
    KeyRights,
    matching,
    rights_for,
)
from briefing.serve.keystate import drop_expired
from briefing.serve.policy import (
    TOO_MANY_AUTH_FAILURES,
    TOO_MANY_CONNECTIONS,
    Limits,
    Refused,
    channel_refusal,
    connection_refusal,
    format_duration,
    log_field,
    plural,
    session_refusal,
    state_dir,
)
from briefing.serve.proxy import ProxyHeaderError, read_header
from briefing.serve.published import Published
from briefing.serve.refusal import refusal_bytes, turn_away
from briefing.serve.session import BriefingSession, SessionSettings
from briefing.serve.sshlib import (
    asyncssh,
    get_encryption_algs,
    get_kex_algs,
    get_mac_algs,
    get_public_key_algs,
)

log = logging.getLogger("briefing.serve")

HOST_KEY_NAME = "ssh_host_ed25519_key"
_SHUTDOWN_GRACE = 3.0
_REFUSAL_LINGER = 5.0
"""Seconds a turned-away client has to read its refusal and close."""
_MAX_LINGERING = 100
_MAX_LOGGED_REQUESTS = 20


# What the server offers, strongest first: OpenSSH's defaults without anything that relies
# on SHA-1 (key exchange, MACs, and ``ssh-rsa`` signatures from RSA user keys). Those the
# installed asyncssh cannot do (post-quantum ones need a recent cryptography) are left out.
KEX_ALGORITHMS = (
    "mlkem768x25519-sha256",
    "sntrup761x25519-sha512",
    "sntrup761x25519-sha512@openssh.com",
    "curve25519-sha256",
    "curve25519-sha256@libssh.org",
    "ecdh-sha2-nistp256",
    "ecdh-sha2-nistp384",
    "ecdh-sha2-nistp521",
    "diffie-hellman-group-exchange-sha256",
    "diffie-hellman-group16-sha512",
    "diffie-hellman-group18-sha512",
    "diffie-hellman-group14-sha256",
)
CIPHERS = (
    "chacha20-poly1305@openssh.com",
    "aes128-ctr",
    "aes192-ctr",
    "aes256-ctr",
    "aes128-gcm@openssh.com",
    "aes256-gcm@openssh.com",
)
MACS = (
    "umac-64-etm@openssh.com",
    "umac-128-etm@openssh.com",
    "hmac-sha2-256-etm@openssh.com",
    "hmac-sha2-512-etm@openssh.com",
    "umac-64@openssh.com",
    "umac-128@openssh.com",
    "hmac-sha2-256",
    "hmac-sha2-512",
)
USER_KEY_SIGNATURES = (
    "ssh-ed25519",
    "sk-ssh-ed25519@openssh.com",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ecdsa-sha2-nistp256@openssh.com",
    "rsa-sha2-512",
    "rsa-sha2-256",
)


def _available(wanted: tuple[str, ...], known: list[bytes]) -> list[str]:
    return [name for name in wanted if name.encode() in known]


def algorithm_options() -> dict[str, list[str]]:
    """asyncssh's keyword arguments that limit it to the algorithms above."""
    return {
        "kex_algs": _available(KEX_ALGORITHMS, get_kex_algs()),
        "encryption_algs": _available(CIPHERS, get_encryption_algs()),
        "mac_algs": _available(MACS, get_mac_algs()),
        "signature_algs": _available(USER_KEY_SIGNATURES, get_public_key_algs()),
    }


class ServeError(Exception):
    """A problem that stops the server from starting; the message says how to fix it."""


@dataclass
class ServeOptions:
    """What ``briefing serve`` was asked for: the briefing (a resolved path), where to listen
    (port 0: any free one), the host key and authorized-keys files (None: in the state
    directory), whether anyone may enter without a key, the limits, whether a PROXY header
    comes first, and the Python that runs the readers."""

    briefing: Path
    host: str = "127.0.0.1"
    port: int = 2222
    host_key: Path | None = None
    authorized_keys: Path | None = None
    public: bool = False
    limits: Limits = field(default_factory=Limits)
    proxy_protocol: bool = False
    public_address: str | None = None
    """``HOST[:PORT]`` clients connect to, when not the address and port listened on (a
    name, or a balancer's address): the reader shows it in the commands it suggests."""
    python: str = sys.executable
    keep_state: bool = True
    """Keep each key's read state (``--no-state`` turns it off); never on a public server."""
    served_ids: tuple[str, ...] = ()
    """The ids of the briefings served: their read state is kept however old."""

    @property
    def keeps_state(self) -> bool:
        """Whether key-authenticated sessions keep their read state."""
        return self.keep_state and not self.public

    def reader_command(self) -> list[str]:
        """The command line of a client's reader: ``python -m briefing`` with ``--low-bandwidth``
        (and ``--no-state`` when no session keeps state), the address clients connect to
        (for the commands it suggests) and the briefing."""
        address = self.public_address or f"{_connect_host(self.host)}:{self.port}"
        no_state = [] if self.keeps_state else ["--no-state"]
        # A library's reader runs in the session's own copy of it (``Published.snapshot``).
        shown = "." if self.briefing.is_dir() else str(self.briefing)
        return [
            *(self.python, "-m", "briefing", "--low-bandwidth", *no_state),
            *("--served-address", address, shown),
        ]


def default_host_key_path() -> Path:
    """Where the host key is kept when ``--host-key`` is not given: in the state directory."""
    return state_dir() / HOST_KEY_NAME


def default_authorized_keys_path() -> Path:
    """Where the allowed keys are read from when ``--authorized-keys`` is not given:
    ``authorized_keys`` in the state directory."""
    return state_dir() / "authorized_keys"


def load_or_create_host_key(path: Path) -> tuple[asyncssh.SSHKey, bool]:
    """The server's ed25519 key, generated on first use; True when this call created it.

    Several servers starting at once on one state directory all end up with the same key:
    each writes a complete key to a temporary file and links it into place, the first link
    wins, and the others read the winner's key.
    """
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        key = asyncssh.generate_private_key("ssh-ed25519", comment="briefing serve")
        fd, temporary = tempfile.mkstemp(prefix=".host-key-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as file:  # mkstemp makes it 0600
                file.write(key.export_private_key())
            os.link(temporary, path)
        except FileExistsError:
            pass  # another server got there first: use its key
        else:
            _write_public_key(key, path)
            return key, True
        finally:
            os.unlink(temporary)
    mode = path.stat().st_mode
    if mode & 0o077:
        raise ServeError(f"the host key {path} can be read by other users; run: chmod 600 {path}")
    try:
        return asyncssh.read_private_key(path), False
    except (OSError, asyncssh.KeyImportError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not an OpenSSH private key"
        raise ServeError(f"cannot read the host key {path}: {reason}") from None


def _write_public_key(key: asyncssh.SSHKey, path: Path) -> None:
    public = Path(str(path) + ".pub")
    fd, temporary = tempfile.mkstemp(prefix=".host-key-pub-", dir=path.parent)
    with os.fdopen(fd, "wb") as file:
        file.write(key.export_public_key())
    os.chmod(temporary, 0o644)
    os.replace(temporary, public)


class BriefingServer:
    """Listens, counts sessions across connections, and ends them all on shutdown."""

    def __init__(self, options: ServeOptions, host_key: asyncssh.SSHKey) -> None:
        self.options = options
        self.host_key = host_key
        self.limits = options.limits
        self.published = Published(options.briefing, on_problem=_log_problem)
        self.settings = SessionSettings(
            reader_command=options.reader_command(),
            export_command=lambda export: self.published.export_job(export, options.python),
            limits=options.limits,
            state_directory=state_dir() if options.keeps_state else None,
            listing=self.published.listing,
            snapshot=self.published.snapshot if self.published.library is not None else None,
        )
        self.connections: set[BriefingConnection] = set()
        self.sessions: set[BriefingSession] = set()
        self.unlogged: set[BriefingConnection] = set()
        self._authorized_keys = (
            None
            if options.public
            else AuthorizedKeysFile(_authorized_keys_path(options), warn=log.warning)
        )
        self._listeners: list[socket.socket] = []
        self._accepting: list[asyncio.Task[None]] = []
        self._handshakes: set[asyncio.Task[None]] = set()
        """PROXY headers being read, and SSH connections until their client logs in."""
        self._refusals: set[asyncio.Task[None]] = set()
        self._ssh_options: asyncssh.SSHServerConnectionOptions | None = None
        self.software_version = f"briefing_{__version__}"
        """The software part of the SSH version line, ``SSH-2.0-briefing_VERSION``."""

    @property
    def port(self) -> int:
        """The port listened on (the one chosen, when started with port 0)."""
        port: int = self._listeners[0].getsockname()[1]
        return port

    def authorized_keys(self) -> AuthorizedKeysFile | None:
        """The file of allowed keys, or None when the server is public."""
        return self._authorized_keys

    def _ssh_arguments(self) -> dict[str, object]:
        return {
            "server_host_keys": [self.host_key],
            "server_version": self.software_version,
            "config": None,
            "encoding": None,
            "line_editor": False,
            "allow_pty": True,
            "agent_forwarding": False,
            "x11_forwarding": False,
            "sftp_factory": None,
            "allow_scp": False,
            "gss_host": None,
            "kbdint_auth": False,
            "password_auth": False,
            "host_based_auth": False,
            # The login grace is kept by each connection, which can then log it as such.
            "login_timeout": None,
            "keepalive_interval": 30,
            "keepalive_count_max": 3,
            **algorithm_options(),
        }

    async def start(self) -> None:
        """Listen on every address ``host`` names; connections are accepted here, not by
        asyncssh, so that one turned away by a limit is told why in SSH's own terms.
        Raises ``OSError`` when the address cannot be listened on."""
        self._ssh_options = asyncssh.SSHServerConnectionOptions(**self._ssh_arguments())
        self._listeners = await _listen(self.options.host, self.options.port)
        loop = asyncio.get_running_loop()
        self._accepting = [loop.create_task(self._accept(sock)) for sock in self._listeners]

    async def _accept(self, listener: socket.socket) -> None:
        loop = asyncio.get_running_loop()
        while True:
            try:
                sock, peer = await loop.sock_accept(listener)
            except OSError:  # e.g. out of descriptors: wait, as a plain server would
                await asyncio.sleep(0.1)
                continue
            started = time.monotonic()
            address = (str(peer[0]), int(peer[1]))
            if not self.options.proxy_protocol:
                self._admit(sock, address, started)
            elif len(self._handshakes) >= self.limits.max_connections:
                # Headers not yet read hold no more than SSH connections may.
                self._turn_away(sock, address, started, TOO_MANY_CONNECTIONS)
            else:
                self._track(self._serve_proxied(sock, address, started))

    def _track(self, work: Coroutine[None, None, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._handshakes.add(task)
        task.add_done_callback(self._handshakes.discard)

    def _admit(self, sock: socket.socket, address: tuple[str, int], started: float) -> None:
        """Hand a connection to SSH, or turn it away when a connection limit is reached."""
        from_address = sum(1 for c in self.connections if c.address == address[0])
        refusal = connection_refusal(len(self.connections), from_address, self.limits)
        if refusal is not None:
            self._turn_away(sock, address, started, refusal)
            return
        connection = BriefingConnection(self, address, started)
        # Counted from now, so that connections arriving together are all counted.
        self.connections.add(connection)
        self.unlogged.add(connection)
        self._track(self._run_ssh(sock, connection))

    async def _run_ssh(self, sock: socket.socket, connection: BriefingConnection) -> None:
        assert self._ssh_options is not None
        try:
            # Returns once the client has logged in; the connection logs its own end.
            await asyncssh.run_server(
                sock, options=self._ssh_options, server_factory=lambda: connection
            )
        except Exception:  # noqa: S110 - how it ended is the connection's to log
            pass
        finally:
            if not connection.made:  # SSH never started on the socket: nothing will log it
                self.connections.discard(connection)
                self.unlogged.discard(connection)
                sock.close()

    def _turn_away(
        self, sock: socket.socket, address: tuple[str, int], started: float, reason: str
    ) -> None:
        # Each refusal waits a moment for the client to read it; under a flood of them,
        # the ones past the bound are closed at once, their reason sent but not waited on.
        linger = _REFUSAL_LINGER if len(self._refusals) < _MAX_LINGERING else 0.0
        refusal = refusal_bytes(self.software_version, asyncssh.DISC_TOO_MANY_CONNECTIONS, reason)
        task = asyncio.get_running_loop().create_task(turn_away(sock, refusal, linger))
        self._refusals.add(task)
        task.add_done_callback(self._refusals.discard)
        said = reason.split(";")[0]  # the log needs no advice to the client
        write_log(address, "-", [], time.monotonic() - started, f"refused: {said}")

    async def _serve_proxied(
        self, sock: socket.socket, peer: tuple[str, int], started: float
    ) -> None:
        # Behind a balancer each connection starts with a PROXY header, read here before
        # the socket is handed to SSH.
        sock.setblocking(False)
        try:
            async with asyncio.timeout(self.limits.login_grace or None):
                header = await read_header(sock)
        except asyncio.CancelledError:  # the server is stopping
            sock.close()
            raise
        except (ProxyHeaderError, TimeoutError, OSError) as error:
            sock.close()
            if isinstance(error, ProxyHeaderError) and error.empty:
                return  # a balancer's connect-only health check: not a session
            reason = (
                str(error)
                if isinstance(error, ProxyHeaderError)
                else "no PROXY header within the login grace"
            )
            write_log(peer, "-", [], time.monotonic() - started, f"bad client: {reason}")
            return
        self._admit(sock, header.source or peer, started)

    def sessions_from(self, address: str) -> int:
        """How many sessions are open from the client address ``address``."""
        return sum(1 for session in self.sessions if session.client_address == address)

    async def close(self) -> None:
        """End every session, telling each client and restoring its terminal, then stop."""
        for accepting in self._accepting:
            accepting.cancel()
        for listener in self._listeners:
            listener.close()
        for task in [*self._handshakes, *self._refusals]:
            task.cancel()
        sessions = list(self.sessions)
        for session in sessions:
            session.end("server shutdown", "the server is shutting down")
        tasks = [session.task for session in sessions if session.task is not None]
        if tasks:
            await asyncio.wait(tasks, timeout=_SHUTDOWN_GRACE)
        # Clients close their connection once their last channel has closed.
        deadline = time.monotonic() + 1.0
        while self.connections and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        for connection in list(self.connections):
            connection.close("server shutdown", "the server is shutting down")
        # Each connection writes its log line once it has gone.
        deadline = time.monotonic() + _SHUTDOWN_GRACE
        while self.unlogged and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        self.published.close()


async def _listen(host: str, port: int) -> list[socket.socket]:
    """Listening sockets for every address ``host`` resolves to (all of them for ``""``),
    on one port: ``port``, or with 0, the one the system picks for the first."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(
        host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )
    listeners: list[socket.socket] = []
    seen = set()
    try:
        for family, kind, proto, _, address in infos:
            if (family, address) in seen:
                continue
            seen.add((family, address))
            listener = socket.socket(family, kind, proto)
            listeners.append(listener)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                listener.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            if port == 0 and len(listeners) > 1:
                address = (address[0], listeners[0].getsockname()[1], *address[2:])
            listener.bind(address)
            listener.listen(100)
            listener.setblocking(False)
    except OSError:
        for listener in listeners:
            listener.close()
        raise
    return listeners


def _authorized_keys_path(options: ServeOptions) -> Path:
    return options.authorized_keys or default_authorized_keys_path()


def write_log(
    peer: tuple[str, int], fingerprint: str, ran: list[str], seconds: float, ended: str
) -> None:
    """The one log line of a connection: when, from where, which key, what ran, how it ended."""
    when = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    host = f"[{peer[0]}]" if ":" in peer[0] else peer[0]
    log.info(
        "%s %s:%d key=%s ran=%s duration=%s ended=%s",
        when,
        host,
        peer[1],
        fingerprint,
        log_field(", ".join(ran) if ran else "nothing", limit=300),
        format_duration(seconds),
        log_field(ended),
    )


def _lost_reason(exc: Exception | None) -> str:
    """How a connection ended, from what asyncssh passed to ``connection_lost``."""
    if exc is None:
        return "client closed"  # the client said goodbye (SSH disconnect "by application")
    if isinstance(exc, asyncssh.ConnectionLost):
        return "client dropped"  # the network connection ended without a goodbye
    if isinstance(exc, asyncssh.KeyExchangeFailed):
        return "bad client: no algorithm in common"
    if isinstance(exc, asyncssh.ProtocolNotSupported):
        return "bad client: not SSH 2"
    if isinstance(exc, (asyncssh.ProtocolError, asyncssh.MACError, asyncssh.CompressionError)):
        return "bad client: protocol error"
    if isinstance(exc, asyncssh.DisconnectError):
        return "client closed"
    return "client dropped"


class BriefingConnection(asyncssh.SSHServer):
    """One client connection: authentication, the sessions it opens, and its log line.

    ``address`` is the client's (address, port): the socket's peer, or what a balancer's
    PROXY header gave. The server counts the connection from when it accepts it.
    """

    def __init__(
        self,
        server: BriefingServer,
        address: tuple[str, int],
        started: float | None = None,
    ) -> None:
        self._server = server
        self._conn: asyncssh.SSHServerConnection | None = None
        self.address, self.port = address
        self.started = time.monotonic() if started is None else started
        self.made = False
        """True once SSH runs on the connection (asyncssh called ``connection_made``)."""
        self._candidate: tuple[str, KeyRights] | None = None
        self._key_refusal: str | None = None
        self._refused_keys: set[bytes] = set()
        """The public keys refused so far, each counted once however often offered."""
        self._channels: set[BriefingSession] = set()
        """Session channels open, started or not."""
        self._refused_channels = 0
        self.fingerprint = "-"
        self.rights = KeyRights()
        self._authenticated = False
        self._ran: list[str] = []
        self._ended: str | None = None
        self._sessions: set[BriefingSession] = set()
        self._closed = False
        self._logged = False
        self._disuse_timer: asyncio.TimerHandle | None = None
        self._login_timer: asyncio.TimerHandle | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        """asyncssh: a client connected. Takes its address (from the PROXY header when there is
        one), turns it away when there are too many connections, in all or from its address,
        and starts the login grace timer."""
        self._conn = conn
        self.made = True
        limits = self._server.limits
        if limits.login_grace:
            # Counted from the connection's start, PROXY header included.
            left = max(0.0, limits.login_grace - (time.monotonic() - self.started))
            self._login_timer = asyncio.get_running_loop().call_later(left, self._login_expired)

    def _login_expired(self) -> None:
        if not self._authenticated:
            grace = format_duration(self._server.limits.login_grace)
            self.close("login grace expired", f"no login within {grace}")

    def connection_lost(self, exc: Exception | None) -> None:
        """asyncssh: the connection ended (``exc`` None when closed cleanly). Stops its timers,
        names how it ended, and writes its log line once its sessions are over too."""
        self._closed = True
        for timer in (self._disuse_timer, self._login_timer):
            if timer is not None:
                timer.cancel()
        self._server.connections.discard(self)
        reason = _lost_reason(exc)
        keys_agreed = self._conn is not None and self._conn.get_extra_info("send_cipher")
        if reason == "client dropped" and self._client_spoke() and not keys_agreed:
            # e.g. OpenSSH finding no algorithm in common hangs up before saying why
            reason = "client left during key exchange"
        for session in list(self._sessions):
            session.end("client dropped" if reason == "client dropped" else "client closed")
        if self._ended is None and not self._client_spoke() and reason.startswith("client"):
            # A port probe or a balancer's health check (which may read the banner): it
            # never was a session, so it is not logged as one.
            self._logged = True
            self._server.unlogged.discard(self)
            return
        if self._ended is None:
            if self._authenticated or reason.startswith("bad client") or "key exchange" in reason:
                self._ended = reason
            elif self._key_refusal is not None:
                self._ended = f"key refused: {self._key_refusal}"
            else:
                self._ended = "not authenticated"
        self._log_when_done()

    def _log_when_done(self) -> None:
        """Write the log line once the connection is gone and its sessions have finished."""
        if self._logged or not self._closed or self._sessions:
            return
        self._logged = True
        self._server.unlogged.discard(self)
        write_log(
            (self.address, self.port),
            self.fingerprint,
            self._ran + self._refusals(),
            time.monotonic() - self.started,
            self._ended or "client closed",
        )

    def _refusals(self) -> list[str]:
        """What the connection's limits refused, for the log line."""
        refused = []
        if self._refused_keys:
            refused.append(f"refused {plural(len(self._refused_keys), 'key')}")
        if self._refused_channels:
            refused.append(
                f"refused {plural(self._refused_channels, 'channel')} past "
                f"{self._server.limits.max_channels} open"
            )
        return refused

    def _client_spoke(self) -> bool:
        return self._conn is not None and bool(self._conn.get_extra_info("client_version"))

    def close(self, reason: str, message: str) -> None:
        """End the connection: ``reason`` for the log, ``message`` for the client, which
        OpenSSH prints (asyncssh's own close would say "Disconnected by application")."""
        if not (self._ended or "").startswith(reason):  # keep "(reader killed ...)"
            self._ended = reason
        if self._conn is not None:
            self._conn.disconnect(asyncssh.DISC_BY_APPLICATION, message)

    # Authentication -----------------------------------------------------------------

    def begin_auth(self, username: str) -> bool:
        """asyncssh: whether ``username`` must authenticate: not on a public server (any name is
        taken)."""
        if self._server.options.public:
            self.fingerprint = "public"
            return False  # no authentication needed
        return True

    def public_key_auth_supported(self) -> bool:
        """asyncssh: public keys are the only way in, unless the server is public."""
        return not self._server.options.public

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        keys = self._server.authorized_keys()
        if keys is None:
            return False
        # Signatures are checked with this key object: limiting its algorithms refuses a
        # SHA-1 ("ssh-rsa") signature from an RSA key that is otherwise allowed.
        key.all_sig_algorithms = key.all_sig_algorithms & _ACCEPTED_SIGNATURES
        now = datetime.now(UTC)
        for entry in matching(keys.entries(), key):
            try:
                rights = rights_for(entry.options, self.address, now)
            except KeyRefused as refused:
                # As sshd does, a later line for the same key may still let it in.
                self._key_refusal = self._key_refusal or f"{keys.path.name}:{entry.line}: {refused}"
                continue
            self._candidate = (key.get_fingerprint(), rights)
            return True
        self._key_failed(key)
        return False

    def _key_failed(self, key: asyncssh.SSHKey) -> None:
        """Count a refused key, as sshd's ``MaxAuthTries`` does, and end the connection at
        the limit. A key is counted once: its query and its signed request are one try."""
        self._refused_keys.add(key.public_data)
        tries = len(self._refused_keys)
        if tries >= self._server.limits.max_auth_tries and self._conn is not None:
            self._ended = f"{TOO_MANY_AUTH_FAILURES} ({plural(tries, 'key')} refused)"
            self._conn.disconnect(
                asyncssh.DISC_NO_MORE_AUTH_METHODS_AVAILABLE, TOO_MANY_AUTH_FAILURES
            )

    def auth_completed(self) -> None:
        """asyncssh: the client is in. Stops the login grace timer, keeps the key's fingerprint
        and options for the log and the sessions, and closes the connection if it then opens
        no session within the idle timeout."""
        self._authenticated = True
        if self._login_timer is not None:
            self._login_timer.cancel()
        if not self._server.options.public and self._candidate is not None:
            self.fingerprint, self.rights = self._candidate
        self._watch_for_disuse()

    def _watch_for_disuse(self) -> None:
        # A logged-in connection with no session would otherwise hold its place forever.
        idle_timeout = self._server.limits.idle_timeout
        if idle_timeout:
            self._disuse_timer = asyncio.get_running_loop().call_later(
                idle_timeout, self._close_if_unused
            )

    def _close_if_unused(self) -> None:
        if not self._sessions:
            idle = format_duration(self._server.limits.idle_timeout)
            self.close("idle timeout", f"closed after {idle} without a session")

    def password_auth_supported(self) -> bool:
        """asyncssh: no passwords, ever."""
        return False

    def kbdint_auth_supported(self) -> bool:
        """asyncssh: no keyboard-interactive login, ever."""
        return False

    def host_based_auth_supported(self) -> bool:
        """asyncssh: no host-based login, ever."""
        return False

    # What the client may open: sessions only ---------------------------------------

    def session_requested(self) -> BriefingSession:
        """A new session channel, or ``ChannelOpenError`` with a reason the client prints
        when the connection already has as many open as it may."""
        refusal = channel_refusal(len(self._channels), self._server.limits)
        if refusal is not None:
            self._refused_channels += 1
            raise asyncssh.ChannelOpenError(asyncssh.OPEN_RESOURCE_SHORTAGE, refusal)
        session = BriefingSession(self, self._server.settings)
        self._channels.add(session)
        return session

    def connection_requested(
        self, dest_host: str, dest_port: int, orig_host: str, orig_port: int
    ) -> bool:
        """asyncssh: a local port forward, refused (False) and logged."""
        self.record(f"refused port forward to {dest_host}:{dest_port}", "refused")
        return False

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        """asyncssh: a remote port forward, refused (False) and logged."""
        self.record(f"refused remote forward from {listen_host}:{listen_port}", "refused")
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        """asyncssh: a forward to a local socket, refused (False) and logged."""
        self.record(f"refused socket forward to {dest_path}", "refused")
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        """asyncssh: a forward from a remote socket, refused (False) and logged."""
        self.record(f"refused socket forward from {listen_path}", "refused")
        return False

    def tun_requested(self, unit: int | None) -> bool:
        """asyncssh: a layer-3 tunnel, refused (False) and logged."""
        self.record("refused tunnel", "refused")
        return False

    def tap_requested(self, unit: int | None) -> bool:
        """asyncssh: a layer-2 tunnel, refused (False) and logged."""
        self.record("refused tunnel", "refused")
        return False

    # SessionHost -----------------------------------------------------------------------

    def claim_session(self, session: BriefingSession) -> str | None:
        """Count ``session`` as open, or say why it may not start: the refusal message when the
        server or the client's address has as many sessions as the limits allow, else None."""
        refusal = session_refusal(
            len(self._server.sessions),
            self._server.sessions_from(self.address),
            self._server.limits,
        )
        if refusal is None:
            self._server.sessions.add(session)
            self._sessions.add(session)
        return refusal

    def channel_closed(self, session: BriefingSession) -> None:
        self._channels.discard(session)

    def release_session(self, session: BriefingSession) -> None:
        """``session`` has ended: stop counting it; log the connection if it has closed, or watch
        it for disuse if it has no session left."""
        self._server.sessions.discard(session)
        self._sessions.discard(session)
        if self._closed:
            self._log_when_done()
        elif not self._sessions:
            if self._disuse_timer is not None:
                self._disuse_timer.cancel()
            self._watch_for_disuse()

    def record(self, ran: str, ended: str | None = None) -> None:
        """Note for the log line what the client asked to run (``ran``, at most a few distinct
        requests), and how the connection ended when ``ended`` is given."""
        # Bounded: a client may open channel after channel.
        if ran not in self._ran and len(self._ran) < _MAX_LOGGED_REQUESTS:
            self._ran.append(ran)
        if ended is not None:
            self._ended = ended


_ACCEPTED_SIGNATURES = frozenset(name.encode() for name in USER_KEY_SIGNATURES)


def configure_logging(stream: object = None) -> None:
    """Send the connection log to ``stream`` (default: standard error), one plain line per
    record, and silence asyncssh's and asyncio's own reports of clients' errors."""
    handler = logging.StreamHandler(sys.stderr if stream is None else stream)  # type: ignore[arg-type]
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    # asyncssh reports every client's protocol errors; the connection line says enough.
    logging.getLogger("asyncssh").setLevel(logging.CRITICAL)
    # Writes to a client that has just gone are expected; asyncio would warn of each.
    logging.getLogger("asyncio").setLevel(logging.ERROR)


def prepare(options: ServeOptions, say: Callable[[str], None]) -> asyncssh.SSHKey:
    """Check everything the server needs, then make the host key if it is missing.

    Every check that can refuse comes first, so a refused start writes nothing: no host
    key, no state directory. Returns the host key; raises ServeError saying what is wrong.
    """
    if not options.public:
        keys_path = _authorized_keys_path(options)
        if not keys_path.is_file():
            raise ServeError(
                f"no authorized keys file at {keys_path}: pass --authorized-keys PATH "
                "(e.g. ~/.ssh/authorized_keys) or --public to let anyone in"
            )
    if options.briefing.is_dir():
        try:
            list_briefing_files(options.briefing)
        except LibraryError as error:
            raise ServeError(str(error)) from None
    host_key_path = options.host_key or default_host_key_path()
    key, created = load_or_create_host_key(host_key_path)
    if created:
        say(f"created host key {host_key_path}")
    return key


async def serve(options: ServeOptions, say: Callable[[str], None] = print) -> int:
    """Run the server until SIGINT or SIGTERM, then end every session and stop; ``say`` prints
    the lines an operator reads at start (address, host key fingerprint, how to connect).
    Returns 0. Raises ``ServeError`` when the authorized-keys file is missing or the address
    cannot be listened on."""
    key = prepare(options, say)
    server = BriefingServer(options, key)
    if server.settings.state_directory is not None:
        dropped = drop_expired(server.settings.state_directory, options.served_ids)
        if files := sum(1 for path in dropped if path.suffix == ".json"):
            say(f"dropped {plural(files, 'read state file')} of briefings no longer served")
    try:
        await server.start()
    except OSError as error:
        raise ServeError(
            f"cannot listen on {options.host}:{options.port}: {error.strerror}"
        ) from None
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    published = server.published
    if published.library is not None:
        # Read now, so that files that do not validate are logged at start.
        try:
            count = len(published.catalogue().servable())
        except Refused as refused:
            await server.close()
            raise ServeError(str(refused)) from None
        what = f"{plural(count, 'briefing')} in {options.briefing.name}/"
    else:
        what = options.briefing.name
    say(f"briefing serve: {what} on {options.host} port {server.port}")
    say(f"host key fingerprint: {key.get_fingerprint()}")
    if options.proxy_protocol:
        say("expecting a PROXY protocol header (v1 or v2) before every connection")
    keys = server.authorized_keys()
    if keys is not None:
        keys.entries()  # read now, so that problems in the file show at start
    if options.public:
        say(
            "warning: --public lets anyone who can reach this port read the briefing, without a key"
        )
    say(f"connect with: ssh -p {server.port} brief@{_connect_host(options.host)}  (Ctrl+C stops)")
    try:
        await stop.wait()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        say("briefing serve: shutting down")
        await server.close()
    return 0


def _log_problem(problem: str) -> None:
    """A briefing of the library that does not validate: logged once, with its position."""
    when = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    log.warning("%s invalid briefing: %s", when, log_field(problem, limit=300))


def _connect_host(host: str) -> str:
    return "127.0.0.1" if host in ("", "0.0.0.0") else (f"[{host}]" if ":" in host else host)


def run(options: ServeOptions) -> int:
    """``serve`` in its own event loop, logging to standard error: the exit status, 1 with a one-
    line message when the server cannot start."""
    configure_logging()
    try:
        return asyncio.run(serve(options, say=lambda line: print(line, flush=True)))
    except ServeError as error:
        print(f"briefing serve: {error}", file=sys.stderr)
        return 1
