"""One SSH session: the reader on its own pseudo-terminal, or an export written to the client.

The child always runs in a new session and process group, so that ending it (client gone,
limits, shutdown) can signal the whole group and leave nothing behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from briefing.serve.authorized_keys import KeyRights
from briefing.serve.keystate import prepare_key_directory
from briefing.serve.policy import (
    RESTORE_TERMINAL,
    ClientCommand,
    EndReason,
    ExportCommand,
    Limits,
    ListCommand,
    Refused,
    child_environment,
    clamp_size,
    format_duration,
    parse_command,
)
from briefing.serve.published import ExportJob
from briefing.serve.snapshot import remove_snapshot
from briefing.serve.sshlib import SSHPacket, asyncssh

_READ_SIZE = 65536
_INPUT_HIGH_WATER = 65536
# Two bytes objects and a dictionary entry take about this much besides their text.
_ENVIRONMENT_ENTRY_COST = 128
_STOP_GRACE = 2.0
_EXPORT_TIMEOUT = 60.0

SERVER_ENDED_STATUS = 129
"""The exit status a client sees when the server ended its reader (idle, maximum length,
shutdown): 128 + SIGHUP, the signal the reader gets, however the reader then ended."""


@dataclass(frozen=True)
class SessionSettings:
    """What a session runs and within which limits."""

    reader_command: Sequence[str]
    export_command: Callable[[ExportCommand], ExportJob]
    """How to run an export; raises ``Refused`` with what to tell the client."""
    limits: Limits
    state_directory: Path | None = None
    """The server's state directory, where each key keeps its read state; None when no
    session keeps any (``--public``, ``--no-state``)."""
    listing: Callable[[], bytes] = lambda: b""
    """``list``'s output; raises ``Refused`` with what to tell the client."""
    snapshot: Callable[[], Path] | None = None
    """For a library: makes the folder the reader runs in (``Published.snapshot``), removed
    when the session ends; raises ``Refused`` with what to tell the client."""


class SessionHost(Protocol):
    """The connection a session belongs to: it counts sessions and writes the log."""

    address: str
    rights: KeyRights
    fingerprint: str
    """The client key's ``SHA256:...`` fingerprint, or a word when no key was used."""

    def claim_session(self, session: BriefingSession) -> str | None:
        """Register a starting session; a refusal message when no more may start."""

    def release_session(self, session: BriefingSession) -> None:
        """The session has ended: stop counting it."""

    def channel_closed(self, session: BriefingSession) -> None:
        """The session's channel has closed: it no longer counts as open."""

    def record(self, ran: str, ended: str | None = None) -> None:
        """Note what the client asked to run, and how the connection ended when ``ended`` is
        given."""


def _set_window_size(fd: int, columns: int, rows: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


_HANG_UP_SIGNALS = {signal.SIGHUP, signal.SIGINT, signal.SIGTERM, signal.SIGQUIT}


def _prepare_child() -> None:
    # Runs in the child after setsid(): the pty becomes its controlling terminal, so the
    # kernel sends it SIGWINCH on resize and SIGHUP when the terminal goes away.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    _default_hang_up()


def _default_hang_up() -> None:
    # A server started with SIGHUP ignored (nohup, some service managers) would pass that
    # on, and its readers would outlive a hang-up until killed: give them the default back.
    for signum in _HANG_UP_SIGNALS:
        signal.signal(signum, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _HANG_UP_SIGNALS)


async def _exited(pid: int) -> None:
    """Wait for a child to exit without reaping it, so its pid and group id stay taken."""
    try:
        pidfd = os.pidfd_open(pid)
    except OSError:  # kernels before 5.3: poll instead
        while os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
            await asyncio.sleep(0.05)
        return
    loop = asyncio.get_running_loop()
    exited: asyncio.Future[None] = loop.create_future()

    def mark_exited() -> None:
        if not exited.done():
            exited.set_result(None)

    loop.add_reader(pidfd, mark_exited)
    try:
        await exited
    finally:
        loop.remove_reader(pidfd)
        os.close(pidfd)


def kill_process_group(pgid: int, sig: int) -> None:
    """Send ``sig`` to the process group ``pgid``; nothing when it has already gone or is not
    ours."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def _bound_environment_requests(chan: asyncssh.SSHServerChannel[bytes], limit: int) -> None:
    """Refuse environment variables past ``limit`` bytes; asyncssh keeps every one sent.

    Only a few are ever used (LANG, LC_*), but without a bound a client could send
    variables until the server runs out of memory. Each request is counted by its payload
    (name and value with their lengths) plus what keeping a variable costs beyond its text,
    and a name sent again counts again, so what a channel holds stays within the limit.
    asyncssh has no public hook for these requests; it looks the handler up by name on the
    channel, so an attribute of the instance takes its place.
    """
    accept = getattr(chan, "_process_env_request", None)
    if accept is None:
        return
    used = 0

    def accept_within_limit(packet: SSHPacket) -> bool:
        nonlocal used
        size = len(packet.get_remaining_payload()) + _ENVIRONMENT_ENTRY_COST
        if used + size > limit:
            return False
        used += size
        return bool(accept(packet))

    setattr(chan, "_process_env_request", accept_within_limit)  # noqa: B010


class BriefingSession(asyncssh.SSHServerSession[bytes]):
    """An SSH channel that runs the reader or ``export`` and nothing else."""

    def __init__(self, host: SessionHost, settings: SessionSettings) -> None:
        self._host = host
        self.client_address = host.address
        self._settings = settings
        self._chan: asyncssh.SSHServerChannel[bytes] | None = None
        self._loop = asyncio.get_running_loop()
        self._export: ClientCommand | None = None
        self._job: ExportJob | None = None
        self._wants_reader = False
        self._refusal: str | None = None
        self._reader: subprocess.Popen[bytes] | None = None
        self._export_process: asyncio.subprocess.Process | None = None
        self._master_fd: int | None = None
        self._pending_input = bytearray()
        self._reading_paused = False
        self._channel_open = False
        self._claimed = False
        self._end_reason: EndReason | None = None
        self._end_message: str | None = None
        self._last_input = time.monotonic()
        self._timers: list[asyncio.TimerHandle] = []
        self._killed = False
        self._read_state: Path | None = None
        self.task: asyncio.Task[None] | None = None

    # What the client asks for -------------------------------------------------------

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        """asyncssh: the channel is open. Keeps it, and bounds the environment the client may
        send on it."""
        self._chan = chan
        self._channel_open = True
        _bound_environment_requests(chan, self._settings.limits.max_environment_bytes)

    def pty_requested(
        self, term_type: str, term_size: tuple[int, int, int, int], term_modes: object
    ) -> bool:
        """asyncssh: the client asks for a terminal; refused (False, and logged) for a key with
        ``no-pty``."""
        if not self._host.rights.pty:
            self._host.record("refused terminal (no-pty)")
            return False
        return True

    def shell_requested(self) -> bool:
        """asyncssh: a plain ``ssh HOST`` opens the reader, or the key's forced command instead.
        Always accepted (True)."""
        if self._host.rights.command is not None:
            self._export = self._host.rights.command  # a forced command runs instead
        else:
            self._wants_reader = True
        return True

    def exec_requested(self, command: str) -> bool:
        """asyncssh: ``ssh HOST COMMAND``. Runs the key's forced command whatever was asked, else
        ``export [--about ID]``; any other command is accepted (True) only to tell the client
        why nothing runs, and logged as refused."""
        if self._host.rights.command is not None:
            # As with sshd's command=, whatever the client asked for, the forced one runs.
            self._export = self._host.rights.command
            return True
        try:
            self._export = parse_command(command)
        except Refused as refused:
            # Accepted at the protocol level only to tell the client why; nothing runs.
            self._refusal = str(refused)
            self._host.record(f"refused exec {command}", "refused")
        return True

    def subsystem_requested(self, subsystem: str) -> bool:
        """asyncssh: sftp and every other subsystem, refused (False) and logged."""
        self._host.record(f"refused subsystem {subsystem}", "refused")
        return False

    def break_received(self, msec: int) -> bool:
        """asyncssh: a break from the client does nothing (False)."""
        return False

    def signal_received(self, signal: str) -> None:
        """Clients may not signal the reader; it is ended by quitting or disconnecting."""

    def session_started(self) -> None:
        """asyncssh: the requests are in, so start what was asked (the reader on a pseudo-
        terminal, or the export), or end the channel with a one-line reason: a refused
        command, a reader without a terminal, or no room under the limits."""
        if self._refusal is not None:
            self._refuse(self._refusal)
            return
        chan = self._chan
        if self._wants_reader and chan is not None and chan.get_terminal_type() is None:
            self._host.record("reader without a terminal", "refused")
            if not self._host.rights.pty:
                self._refuse(
                    "this key may not open the reader (no-pty); export and read work"
                )
            else:
                self._refuse("the reader needs a terminal: connect with ssh -t")
            return
        # A plain export reads no state: its key gets no directory for it.
        since_last_visit = isinstance(self._export, ExportCommand) and self._export.since_last_visit
        wants_state = self._export is None or since_last_visit
        self._read_state = self._key_read_state() if wants_state else None
        if since_last_visit and not self._read_state:
            self._host.record(self.describe(), "refused")
            self._refuse(
                "this server keeps no read state for this session, so there is no last "
                "visit to compare with"
            )
            return
        refusal = self._host.claim_session(self)
        if refusal is not None:
            self._host.record(self.describe(), "refused")
            self._refuse(refusal)
            return
        self._claimed = True
        self._host.record(self.describe())
        self.task = self._loop.create_task(self._run())

    async def _run(self) -> None:
        # Each session looks at the briefings again, so an edit is seen without a restart.
        command = self._export
        try:
            if command is None:
                await self._run_served_reader()
            elif isinstance(command, ListCommand):
                self._send_listing(self._settings.listing())
            else:
                self._job = self._settings.export_command(command)
                await self._run_export()
        except Refused as refused:
            if self._channel_open:
                self._tell_client(f"briefing: {refused}")
            self._finish("refused", 1)

    async def _run_served_reader(self) -> None:
        """The reader; for a library, in a copy of it as this session serves it, so that it
        shows the last valid version of a broken edit, as an export would."""
        if self._settings.snapshot is None:
            await self._run_reader()
            return
        folder = self._settings.snapshot()
        try:
            await self._run_reader(folder)
        finally:
            remove_snapshot(folder)

    def _send_listing(self, listing: bytes) -> None:
        if self._channel_open and self._chan is not None:
            terminal = self._chan.get_terminal_type() is not None
            self._chan.write(listing.replace(b"\n", b"\r\n") if terminal else listing)
        self._finish(self._end_reason or "quit", 0)

    @property
    def reader_pid(self) -> int | None:
        """The reader process of this session, while it has one."""
        return None if self._reader is None else self._reader.pid

    def describe(self) -> str:
        """What the session runs, as the log names it: ``reader``, ``export``, ``export --about
        ID``, with ``(forced)`` for a key's forced command."""
        if self._export is None:
            return "reader"
        forced = " (forced)" if self._host.rights.command is not None else ""
        return self._export.describe() + forced

    def _refuse(self, message: str) -> None:
        if self._chan is not None and self._channel_open:
            self._tell_client(f"briefing: {message}")
            self._chan.exit(1)

    def _tell_client(self, message: str) -> None:
        """One line for the user: on a terminal it goes with the output, as a child's would."""
        assert self._chan is not None
        if self._chan.get_terminal_type():
            self._chan.write(f"{message}\n".replace("\n", "\r\n").encode())
        else:
            self._chan.write_stderr(f"{message}\n".encode())

    # Data between the client and the child -----------------------------------------

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        """asyncssh: keys from the client, passed to the reader's terminal. When the reader stops
        reading, the channel stops taking input, so the client's window closes instead of the
        server buffering without bound."""
        self._last_input = time.monotonic()
        if self._master_fd is None:
            return
        self._pending_input += data
        self._flush_input()
        if len(self._pending_input) > _INPUT_HIGH_WATER and self._chan is not None:
            # The reader is not reading: stop taking input so the SSH window closes.
            self._chan.pause_reading()

    def _flush_input(self) -> None:
        fd = self._master_fd
        if fd is None:
            return
        while self._pending_input:
            try:
                written = os.write(fd, self._pending_input)
            except BlockingIOError:
                self._loop.add_writer(fd, self._flush_input)
                return
            except OSError:
                self._pending_input.clear()
                break
            del self._pending_input[:written]
        self._loop.remove_writer(fd)
        if self._chan is not None and self._channel_open:
            self._chan.resume_reading()

    def _on_child_output(self) -> None:
        fd = self._master_fd
        if fd is None:
            return
        try:
            data = os.read(fd, _READ_SIZE)
        except BlockingIOError:
            return
        except OSError:
            data = b""  # EIO: every holder of the terminal's other end has gone
        if not data:
            self._loop.remove_reader(fd)
            return
        self._send(data)

    def _send(self, data: bytes) -> None:
        if self._chan is not None and self._channel_open:
            self._chan.write(data)

    def pause_writing(self) -> None:
        """asyncssh: the client reads slower than the reader writes; stop reading the reader's
        terminal, so that the reader blocks instead of the server buffering without bound."""
        # The client reads slower than the child writes: stop reading the terminal, so
        # the child blocks instead of the server buffering without bound.
        if self._master_fd is not None and not self._reading_paused:
            self._reading_paused = True
            self._loop.remove_reader(self._master_fd)

    def resume_writing(self) -> None:
        """asyncssh: the client has caught up; read the reader's terminal again."""
        if self._master_fd is not None and self._reading_paused:
            self._reading_paused = False
            self._loop.add_reader(self._master_fd, self._on_child_output)

    def eof_received(self) -> bool:
        """asyncssh: the client sent end-of-file; the channel stays open (True) for the output,
        and the reader decides when to end."""
        return True  # keep the channel open for output; the reader decides when to end

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        """asyncssh: the client's window changed size; the reader's terminal takes the new size,
        within sane bounds (``clamp_size``), and the kernel tells the reader."""
        if self._master_fd is not None:
            columns, rows = clamp_size(width, height)
            # The kernel sends SIGWINCH to the child's process group on a size change.
            _set_window_size(self._master_fd, columns, rows)

    def connection_lost(self, exc: Exception | None) -> None:
        """asyncssh: the channel closed; end the session as ``client closed``, or ``client
        dropped`` when ``exc`` says the connection was lost."""
        self._channel_open = False
        self._host.channel_closed(self)
        self.end("client dropped" if exc is not None else "client closed")

    # The child's life -----------------------------------------------------------------

    def _key_read_state(self) -> Path | None:
        """The directory of the client key's read state, made ready; None when the server
        keeps none, the session has no key, or the directory cannot be made."""
        state = self._settings.state_directory
        if state is None or not self._host.fingerprint.startswith("SHA256:"):
            return None
        try:
            return prepare_key_directory(state, self._host.fingerprint)
        except (OSError, ValueError):
            return None  # the reader then works as without state

    def _environment(self) -> dict[str, str]:
        assert self._chan is not None
        return child_environment(
            self._chan.get_environment(),
            self._chan.get_terminal_type(),
            read_state=self._read_state,
        )

    async def _run_reader(self, folder: Path | None = None) -> None:
        assert self._chan is not None
        master, slave = os.openpty()
        width, height, _, _ = self._chan.get_terminal_size()
        _set_window_size(slave, *clamp_size(width, height))
        try:
            # Not asyncio's subprocess: its watcher reaps the child at once, after which the
            # group id could be reused; here the leader stays unreaped until its group is dead.
            reader = subprocess.Popen(
                self._settings.reader_command,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=self._environment(),
                cwd=folder or "/",
                start_new_session=True,
                preexec_fn=_prepare_child,
            )
        except OSError as error:
            os.close(master)
            os.close(slave)
            self._finish("failed", 1, f"could not start the reader: {error.strerror}")
            return
        self._reader = reader
        os.close(slave)
        os.set_blocking(master, False)
        self._master_fd = master
        self._loop.add_reader(master, self._on_child_output)
        self._start_timers()
        if self._end_reason is not None:  # the client left while the child was starting
            self._signal_child()
        try:
            await _exited(reader.pid)
        finally:
            self._drain_and_close_terminal()
            # Anything the reader started dies with it; then the leader is reaped.
            kill_process_group(reader.pid, signal.SIGKILL)
            status = reader.wait()
        self._finish(self._end_reason or "quit", status)

    def _drain_and_close_terminal(self) -> None:
        fd = self._master_fd
        if fd is None:
            return
        self._master_fd = None
        self._loop.remove_reader(fd)
        self._loop.remove_writer(fd)
        # Output written just before the child exited is still in the terminal.
        with contextlib.suppress(OSError):
            while data := os.read(fd, _READ_SIZE):
                self._send(data)
        os.close(fd)

    async def _run_export(self) -> None:
        job = self._job
        assert job is not None
        try:
            self._export_process = await asyncio.create_subprocess_exec(
                *job.argv,
                stdin=asyncio.subprocess.DEVNULL if job.input is None else asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env=self._environment(),
                cwd="/",
                start_new_session=True,
                preexec_fn=_default_hang_up,
            )
        except OSError as error:
            self._finish("failed", 1, f"could not run {job.name}: {error.strerror}")
            return
        self._start_timers()
        try:
            output, errors = await asyncio.wait_for(
                self._export_process.communicate(job.input), _EXPORT_TIMEOUT
            )
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                self._export_process.kill()
            await self._export_process.wait()
            self._finish("max session length", 1, f"{job.name} took too long")
            return
        if self._channel_open and self._chan is not None:
            if self._chan.get_terminal_type() is not None:
                # On a terminal, as under sshd: both streams on the terminal, and each line
                # ended in CRLF (the terminal's onlcr), or a raw terminal would stair-step.
                self._chan.write((output + errors).replace(b"\n", b"\r\n"))
            else:
                self._chan.write(output)
                self._chan.write_stderr(errors)
        status = self._export_process.returncode or 0
        self._finish(self._end_reason or ("quit" if status == 0 else "failed"), status)

    def _start_timers(self) -> None:
        limits = self._settings.limits
        if limits.max_session:
            self._timers.append(
                self._loop.call_later(
                    limits.max_session,
                    self.end,
                    "max session length",
                    "the session reached its maximum length of "
                    f"{format_duration(limits.max_session)}",
                )
            )
        if limits.idle_timeout and self._export is None:
            self._timers.append(self._loop.call_later(limits.idle_timeout, self._check_idle))

    def _check_idle(self) -> None:
        idle_timeout = self._settings.limits.idle_timeout
        idle_for = time.monotonic() - self._last_input
        if idle_for >= idle_timeout:
            self.end(
                "idle timeout",
                f"closed after {format_duration(idle_timeout)} without input",
            )
        else:
            self._timers.append(self._loop.call_later(idle_timeout - idle_for, self._check_idle))

    def end(self, reason: EndReason, message: str | None = None) -> None:
        """End the session from the server side; the client is told why if still there."""
        if self._end_reason is not None:
            return
        self._end_reason = reason
        self._end_message = message
        self._signal_child()

    def _signal_child(self) -> None:
        if self._export_process is not None:
            with contextlib.suppress(ProcessLookupError):
                self._export_process.kill()
            return
        reader = self._reader
        if reader is None or reader.returncode is not None:
            return
        # SIGHUP is what a terminal hang-up sends; SIGKILL follows if it is ignored. The
        # leader is reaped only after its group is dead, so the group id is still its own.
        kill_process_group(reader.pid, signal.SIGHUP)
        self._timers.append(self._loop.call_later(_STOP_GRACE, self._kill_child, reader.pid))

    def _kill_child(self, pid: int) -> None:
        self._killed = True
        kill_process_group(pid, signal.SIGKILL)

    def _finish(self, reason: EndReason, status: int, message: str | None = None) -> None:
        for timer in self._timers:
            timer.cancel()
        self._timers.clear()
        message = message or self._end_message
        if self._end_reason in ("idle timeout", "max session length", "server shutdown"):
            # The same status every time, whether the reader ended on SIGHUP or had to be
            # killed, or even exited by itself just then.
            status = SERVER_ENDED_STATUS
        if self._chan is not None and self._channel_open:
            if self._export is None and (self._end_reason is not None or status < 0):
                # The reader did not leave by itself, so it could not tidy the terminal.
                self._chan.write(RESTORE_TERMINAL)
            if message:
                self._tell_client(f"\nbriefing: {message}")
            self._chan.exit(status if status >= 0 else 128 - status)
        # The reason first: releasing the last session may write the connection's log line.
        killed = f" (reader killed after {_STOP_GRACE:g}s)" if self._killed else ""
        self._host.record(self.describe(), reason + killed)
        if self._claimed:
            self._claimed = False
            self._host.release_session(self)
