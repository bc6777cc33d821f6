"""One window per library: a second launch hands its URLs to the running window.

The running window listens on a local socket named after the user and the library
(see ``paths.instance_name``). A second ``newsreader [URL…]`` connects, sends its
URLs as one JSON line, and exits; the window saves them and comes to the front.
"""

from __future__ import annotations

import json
import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 1000
REPLY_TIMEOUT_MS = 5000
MAX_MESSAGE = 1_000_000


def _connect(name: str) -> QLocalSocket | None:
    socket = QLocalSocket()
    socket.connectToServer(name)
    return socket if socket.waitForConnected(CONNECT_TIMEOUT_MS) else None


def hand_over(name: str, urls: list[str]) -> bool:
    """Send ``urls`` to a window already running under ``name``. False if none is."""
    socket = _connect(name)
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
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        # Called only after hand_over() found nobody answering (a busy window still
        # accepts the connection, and counts as found).
        if self.server.listen(self.name):
            return True
        # A socket file left by a crashed window: nobody answers on it.
        QLocalServer.removeServer(self.name)
        ok = self.server.listen(self.name)
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
