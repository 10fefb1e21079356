"""``briefing serve``: an SSH server whose only shell is the briefing reader."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import asyncssh

from briefing import __version__
from briefing.serve.policy import (
    ExportCommand,
    Limits,
    format_duration,
    log_field,
    session_refusal,
    state_dir,
)
from briefing.serve.session import BriefingSession, SessionSettings

log = logging.getLogger("briefing.serve")

HOST_KEY_NAME = "ssh_host_ed25519_key"
_SHUTDOWN_GRACE = 3.0
_MAX_LOGGED_REQUESTS = 20


class ServeError(Exception):
    """A problem that stops the server from starting; the message says how to fix it."""


@dataclass
class ServeOptions:
    briefing: Path
    host: str = "127.0.0.1"
    port: int = 2222
    host_key: Path | None = None
    authorized_keys: Path | None = None
    public: bool = False
    limits: Limits = field(default_factory=Limits)
    python: str = sys.executable

    def reader_command(self) -> list[str]:
        return [self.python, "-m", "briefing", "--low-bandwidth", "--no-state", str(self.briefing)]

    def export_command(self, export: ExportCommand) -> list[str]:
        about = [] if export.about is None else ["--about", export.about]
        return [self.python, "-m", "briefing", "export", *about, str(self.briefing)]


def default_host_key_path() -> Path:
    return state_dir() / HOST_KEY_NAME


def default_authorized_keys_path() -> Path:
    return state_dir() / "authorized_keys"


def load_or_create_host_key(path: Path) -> tuple[asyncssh.SSHKey, bool]:
    """The server's ed25519 key, generated on first use; True when it was just created."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        mode = path.stat().st_mode
        if mode & 0o077:
            raise ServeError(
                f"the host key {path} can be read by other users; run: chmod 600 {path}"
            ) from None
        try:
            return asyncssh.read_private_key(path), False
        except (OSError, asyncssh.KeyImportError) as error:
            raise ServeError(f"cannot read the host key {path}: {error}") from None
    except FileNotFoundError:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        return load_or_create_host_key(path)
    key = asyncssh.generate_private_key("ssh-ed25519", comment="briefing serve")
    with os.fdopen(fd, "wb") as file:
        file.write(key.export_private_key())
    key.write_public_key(str(path) + ".pub")
    return key, True


class _AuthorizedKeys:
    """An authorized-keys file, read again whenever it changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: tuple[int, int] | None = None
        self._keys = asyncssh.SSHAuthorizedKeys()

    def get(self) -> asyncssh.SSHAuthorizedKeys:
        try:
            info = self.path.stat()
        except OSError:
            self._keys, self._stamp = asyncssh.SSHAuthorizedKeys(), None
            return self._keys
        stamp = (info.st_mtime_ns, info.st_size)
        if stamp != self._stamp:
            try:
                self._keys = asyncssh.read_authorized_keys(str(self.path))
            except (OSError, ValueError) as error:
                log.warning("cannot read %s: %s; no key is accepted", self.path, error)
                self._keys = asyncssh.SSHAuthorizedKeys()
            self._stamp = stamp
        return self._keys


class BriefingServer:
    """Listens, counts sessions across connections, and ends them all on shutdown."""

    def __init__(self, options: ServeOptions, host_key: asyncssh.SSHKey) -> None:
        self.options = options
        self.host_key = host_key
        self.limits = options.limits
        self.settings = SessionSettings(
            reader_command=options.reader_command(),
            export_command=options.export_command,
            limits=options.limits,
        )
        self.connections: set[BriefingConnection] = set()
        self.sessions: set[BriefingSession] = set()
        self._authorized_keys = (
            None if options.public else _AuthorizedKeys(_authorized_keys_path(options))
        )
        self._acceptor: asyncssh.SSHAcceptor | None = None

    @property
    def port(self) -> int:
        assert self._acceptor is not None
        return self._acceptor.get_port()

    def authorized_keys(self) -> asyncssh.SSHAuthorizedKeys | None:
        return None if self._authorized_keys is None else self._authorized_keys.get()

    async def start(self) -> None:
        self._acceptor = await asyncssh.create_server(
            lambda: BriefingConnection(self),
            self.options.host,
            self.options.port,
            server_host_keys=[self.host_key],
            server_version=f"briefing_{__version__}",
            config=None,
            encoding=None,
            line_editor=False,
            allow_pty=True,
            agent_forwarding=False,
            x11_forwarding=False,
            sftp_factory=None,
            allow_scp=False,
            gss_host=None,
            kbdint_auth=False,
            password_auth=False,
            host_based_auth=False,
            login_timeout=self.limits.login_grace or None,
            keepalive_interval=30,
            keepalive_count_max=3,
            reuse_address=True,
        )

    def sessions_from(self, address: str) -> int:
        return sum(1 for session in self.sessions if session.client_address == address)

    async def close(self) -> None:
        """End every session, telling each client and restoring its terminal, then stop."""
        if self._acceptor is not None:
            self._acceptor.close()
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
            connection.close("server shutdown")
        if self._acceptor is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._acceptor.wait_closed(), _SHUTDOWN_GRACE)


def _authorized_keys_path(options: ServeOptions) -> Path:
    return options.authorized_keys or default_authorized_keys_path()


class BriefingConnection(asyncssh.SSHServer):
    """One client connection: authentication, the sessions it opens, and its log line."""

    def __init__(self, server: BriefingServer) -> None:
        self._server = server
        self._conn: asyncssh.SSHServerConnection | None = None
        self.address = "?"
        self.port = 0
        self.started = time.monotonic()
        self._candidate_fingerprint = "-"
        self.fingerprint = "-"
        self._ran: list[str] = []
        self._ended: str | None = None
        self._sessions: set[BriefingSession] = set()
        self._closed = False
        self._disuse_timer: asyncio.TimerHandle | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn
        peer = conn.get_extra_info("peername") or ("?", 0)
        self.address, self.port = str(peer[0]), int(peer[1])
        limits = self._server.limits
        if len(self._server.connections) >= limits.max_connections:
            self._turn_away(conn, "too many connections")
            return
        from_address = sum(1 for c in self._server.connections if c.address == self.address)
        if from_address >= limits.max_connections_per_address:
            self._turn_away(conn, "too many connections from your address")
            return
        self._server.connections.add(self)

    def _turn_away(self, conn: asyncssh.SSHServerConnection, reason: str) -> None:
        self._ended = f"refused: {reason}"
        conn.disconnect(asyncssh.DISC_TOO_MANY_CONNECTIONS, reason)

    def connection_lost(self, exc: Exception | None) -> None:
        self._closed = True
        if self._disuse_timer is not None:
            self._disuse_timer.cancel()
        self._server.connections.discard(self)
        for session in list(self._sessions):
            session.end("client dropped" if exc is not None else "client closed")
        if self._ended is None:
            if self.fingerprint == "-" and not self._server.options.public:
                self._ended = "not authenticated"
            elif exc is not None:
                self._ended = "client dropped"
            else:
                self._ended = "closed"
        self._write_log()

    def close(self, reason: str) -> None:
        self._ended = reason
        if self._conn is not None:
            self._conn.close()

    def _write_log(self) -> None:
        when = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        ran = ", ".join(self._ran) if self._ran else "nothing"
        duration = format_duration(time.monotonic() - self.started)
        log.info(
            "%s %s:%d key=%s ran=%s duration=%s ended=%s",
            when,
            self.address,
            self.port,
            self.fingerprint,
            log_field(ran, limit=300),
            duration,
            log_field(self._ended or "closed"),
        )

    # Authentication -----------------------------------------------------------------

    def begin_auth(self, username: str) -> bool:
        if self._server.options.public:
            self.fingerprint = "public"
            return False  # no authentication needed
        return True

    def public_key_auth_supported(self) -> bool:
        return not self._server.options.public

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        keys = self._server.authorized_keys()
        if keys is None or keys.validate(key, self.address, self.address) is None:
            return False
        self._candidate_fingerprint = key.get_fingerprint()
        return True

    def auth_completed(self) -> None:
        if not self._server.options.public:
            self.fingerprint = self._candidate_fingerprint
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
            self.close("idle timeout")

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def host_based_auth_supported(self) -> bool:
        return False

    # What the client may open: sessions only ---------------------------------------

    def session_requested(self) -> BriefingSession:
        return BriefingSession(self, self._server.settings)

    def connection_requested(
        self, dest_host: str, dest_port: int, orig_host: str, orig_port: int
    ) -> bool:
        self.record(f"refused port forward to {dest_host}:{dest_port}", "refused")
        return False

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        self.record(f"refused remote forward from {listen_host}:{listen_port}", "refused")
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        self.record(f"refused socket forward to {dest_path}", "refused")
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        self.record(f"refused socket forward from {listen_path}", "refused")
        return False

    def tun_requested(self, unit: int | None) -> bool:
        self.record("refused tunnel", "refused")
        return False

    def tap_requested(self, unit: int | None) -> bool:
        self.record("refused tunnel", "refused")
        return False

    # SessionHost -----------------------------------------------------------------------

    def claim_session(self, session: BriefingSession) -> str | None:
        refusal = session_refusal(
            len(self._server.sessions),
            self._server.sessions_from(self.address),
            self._server.limits,
        )
        if refusal is None:
            self._server.sessions.add(session)
            self._sessions.add(session)
        return refusal

    def release_session(self, session: BriefingSession) -> None:
        self._server.sessions.discard(session)
        self._sessions.discard(session)
        if not self._sessions and not self._closed:
            if self._disuse_timer is not None:
                self._disuse_timer.cancel()
            self._watch_for_disuse()

    def record(self, ran: str, ended: str | None = None) -> None:
        # Bounded: a client may open channel after channel.
        if ran not in self._ran and len(self._ran) < _MAX_LOGGED_REQUESTS:
            self._ran.append(ran)
        if ended is not None:
            self._ended = ended


def configure_logging(stream: object = None) -> None:
    handler = logging.StreamHandler(sys.stderr if stream is None else stream)  # type: ignore[arg-type]
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    # asyncssh reports every client's protocol errors; the connection line says enough.
    logging.getLogger("asyncssh").setLevel(logging.CRITICAL)


def prepare(options: ServeOptions, say: Callable[[str], None]) -> asyncssh.SSHKey:
    """Check everything the server needs before listening; ServeError says what is wrong."""
    host_key_path = options.host_key or default_host_key_path()
    key, created = load_or_create_host_key(host_key_path)
    if created:
        say(f"created host key {host_key_path}")
    if not options.public:
        keys_path = _authorized_keys_path(options)
        if not keys_path.is_file():
            raise ServeError(
                f"no authorized keys file at {keys_path}: pass --authorized-keys PATH "
                "(e.g. ~/.ssh/authorized_keys) or --public to let anyone in"
            )
    return key


async def serve(options: ServeOptions, say: Callable[[str], None] = print) -> int:
    key = prepare(options, say)
    server = BriefingServer(options, key)
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
    say(f"briefing serve: {options.briefing.name} on {options.host} port {server.port}")
    say(f"host key fingerprint: {key.get_fingerprint()}")
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


def _connect_host(host: str) -> str:
    return "127.0.0.1" if host in ("", "0.0.0.0") else (f"[{host}]" if ":" in host else host)


def run(options: ServeOptions) -> int:
    configure_logging()
    try:
        return asyncio.run(serve(options, say=lambda line: print(line, flush=True)))
    except ServeError as error:
        print(f"briefing serve: {error}", file=sys.stderr)
        return 1
