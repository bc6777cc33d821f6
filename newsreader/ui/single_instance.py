"""One window per library: a second launch hands its URLs to the running window.

The running window listens on a local socket named after the user and the library
(see ``paths.instance_name``). A second ``newsreader [URL…]`` connects, sends its
URLs as one JSON line, and exits; the window saves them and comes to the front.

On POSIX systems the socket lives in a folder only its user can enter: the
``newsreader`` folder in ``$XDG_RUNTIME_DIR`` (the XDG Base Directory spec makes
that folder the user's own, mode 0700), else ``newsreader-<uid>`` in the system's
temporary folder. The folder is created with mode 0700, and used only if it is a
real folder (not a link) owned by the user with no access for anyone else; another
local user who made it first is refused, so a squatter can neither take the name
nor receive the links. Without a trusted folder there is no single-instance socket:
each launch opens its own window. On Windows, Qt's named pipe with
``UserAccessOption`` keeps it to the user.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from newsreader import paths

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 1000
REPLY_TIMEOUT_MS = 5000
MAX_MESSAGE = 1_000_000
PRIVATE_MODE = 0o700


class UntrustedFolder(Exception):
    """The socket folder exists but is not this user's alone."""


def _trusted(path: Path) -> Path:
    """``path`` if it is a folder (not a link) owned by this user that no one else
    may enter; created with mode 0700 if missing. Raises UntrustedFolder otherwise."""
    try:
        path.mkdir(mode=PRIVATE_MODE)
    except FileExistsError:
        pass
    except OSError as exc:
        raise UntrustedFolder(f"cannot create {path}: {exc.strerror}") from exc
    try:
        info = path.lstat()
    except OSError as exc:
        raise UntrustedFolder(f"cannot read {path}: {exc.strerror}") from exc
    if not stat.S_ISDIR(info.st_mode):
        raise UntrustedFolder(f"{path} is not a folder")
    if info.st_uid != os.getuid():
        raise UntrustedFolder(f"{path} belongs to another user")
    if info.st_mode & 0o077:
        raise UntrustedFolder(f"{path} is open to other users (mode {info.st_mode & 0o777:o})")
    return path


def socket_folder() -> Path | None:
    """The private folder that holds the socket (see the module text), or None if no
    candidate can be trusted. POSIX only."""
    for candidate in paths.socket_folder_candidates():
        try:
            return _trusted(candidate)
        except UntrustedFolder as exc:
            log.warning("not using %s for the single-instance socket: %s", candidate, exc)
    return None


def server_address(name: str) -> str | None:
    """What QLocalServer listens on and QLocalSocket connects to for ``name``: a path
    in the private folder on POSIX, the name itself on Windows. None if there is no
    folder to trust."""
    if sys.platform == "win32":
        return name
    folder = socket_folder()
    return str(folder / name) if folder is not None else None


def _connect(address: str) -> QLocalSocket | None:
    socket = QLocalSocket()
    socket.connectToServer(address)
    return socket if socket.waitForConnected(CONNECT_TIMEOUT_MS) else None


def hand_over(name: str, urls: list[str]) -> bool:
    """Send ``urls`` to a window already running under ``name``. False if none is
    (or if its socket folder cannot be trusted)."""
    address = server_address(name)
    if address is None:
        return False
    socket = _connect(address)
    if socket is None:
        return False
    socket.write((json.dumps({"urls": urls}) + "\n").encode())
    socket.flush()
    # A window busy for a moment still reads the message once it is free: once the
    # bytes are out, they count as handed over even if the answer is late.
    reply = b""
    while b"\n" not in reply and socket.waitForReadyRead(REPLY_TIMEOUT_MS):
        reply += socket.readAll().data()
    sent = socket.bytesToWrite() == 0
    socket.disconnectFromServer()
    if reply != b"ok\n":
        log.warning("the running window did not confirm the hand-over in time")
    return reply == b"ok\n" or sent


class InstanceServer(QObject):
    """Listens for later launches; emits ``urlsReceived`` with what they pass."""

    urlsReceived = Signal(list)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.address: str | None = None
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Start listening; False (logged) if the socket folder cannot be trusted or
        the socket cannot be made. Called only after hand_over() found nobody
        answering (a busy window still accepts the connection, and counts as found)."""
        self.address = server_address(self.name)
        if self.address is None:
            return False
        if self.server.listen(self.address):
            return True
        # A socket file left by a crashed window: nobody answers on it. It is in our
        # own folder, so it is ours to remove.
        QLocalServer.removeServer(self.address)
        ok = self.server.listen(self.address)
        if not ok:
            log.warning("cannot listen for other launches: %s", self.server.errorString())
        return ok

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            buffer = bytearray()

            def read(socket: QLocalSocket = socket, buffer: bytearray = buffer) -> None:
                buffer.extend(socket.readAll().data())
                if len(buffer) > MAX_MESSAGE:
                    socket.abort()
                    return
                if b"\n" in buffer and not socket.property("handled"):
                    socket.setProperty("handled", True)
                    self._handle(socket, bytes(buffer).split(b"\n", 1)[0])

            socket.readyRead.connect(read)
            socket.disconnected.connect(socket.deleteLater)

    def _handle(self, socket: QLocalSocket, line: bytes) -> None:
        try:
            message = json.loads(line)
            urls = [u for u in message.get("urls", []) if isinstance(u, str)]
        except (ValueError, AttributeError):
            log.warning("ignored a malformed message from another launch")
            socket.abort()
            return
        socket.write(b"ok\n")
        socket.flush()
        self.urlsReceived.emit(urls)

    def close(self) -> None:
        self.server.close()
