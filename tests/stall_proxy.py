"""A TCP proxy to a database that can stall: connections are accepted and packets are held (no
reset, no error), as a database behind a broken network or a frozen server behaves; `resume`
forwards what was held and everything after it."""

from __future__ import annotations

import contextlib
import socket
import threading
from types import TracebackType

POLL = 0.05  # how often a waiting thread looks at the stop flag


class StallProxy:
    """Listens on 127.0.0.1 (an ephemeral port) and forwards to ``upstream``."""

    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream = (upstream_host, upstream_port)
        self._flowing = threading.Event()
        self._flowing.set()
        self._stopped = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(POLL)
        self.port = int(self._listener.getsockname()[1])
        self._threads: list[threading.Thread] = []
        self._sockets: list[socket.socket] = []
        self._spawn(self._accept)

    def stall(self) -> None:
        """From now on, hold every packet in either direction."""
        self._flowing.clear()

    def resume(self) -> None:
        """Forward what was held, and flow again."""
        self._flowing.set()

    def close(self) -> None:
        self._stopped.set()
        self._flowing.set()
        for thread in self._threads:
            thread.join(timeout=2)
        for sock in self._sockets:
            sock.close()
        self._listener.close()

    def __enter__(self) -> StallProxy:
        return self

    def __exit__(self, *_: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def _spawn(self, target: object, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)  # type: ignore[arg-type]
        self._threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            self._spawn(self._connect, client)

    def _connect(self, client: socket.socket) -> None:
        self._sockets.append(client)
        if not self._wait_flowing():  # a new connection during a stall hangs before reaching the database
            return
        upstream = socket.create_connection(self.upstream)
        self._sockets.append(upstream)
        self._spawn(self._pump, client, upstream)
        self._spawn(self._pump, upstream, client)

    def _wait_flowing(self) -> bool:
        while not self._flowing.wait(POLL):
            if self._stopped.is_set():
                return False
        return not self._stopped.is_set()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        source.settimeout(POLL)
        while not self._stopped.is_set():
            try:
                data = source.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                break
            if not data or not self._wait_flowing():
                break
            try:
                target.sendall(data)
            except OSError:
                break
        for sock in (source, target):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
