"""The web API and dashboard over a store: ``dragoman serve --db FILE``.

``create_app(db, options)`` builds the FastAPI app; ``serve(db, host, port, options)`` runs it with uvicorn until
interrupted. ``ServeOptions`` holds what a server allows: text size, coding time, rate, host names, token.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Callable

from ..exceptions import StoreError, UsageError
from ..store import Store
from .app import create_app
from .coding import CodingWorker
from .options import ServeOptions, is_loopback, options_from_args

__all__ = ["ServeOptions", "create_app", "is_loopback", "listen", "options_from_args", "serve"]


def listen(host: str = "127.0.0.1", port: int = 8000) -> socket.socket:
    """A listening socket on ``host:port`` (port 0 picks a free one); a busy port or bad host is a UsageError."""
    if not 0 <= port <= 65535:
        raise UsageError(f"port must be from 0 to 65535, got {port}")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except (socket.gaierror, UnicodeError) as e:
        raise UsageError(f"cannot listen on {host}: {e}") from e
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as e:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {e.strerror or e}") from e
    return sock


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000, options: ServeOptions | None = None,
          on_ready: Callable[[str], None] | None = None) -> None:
    """Serve the store at ``db`` until interrupted. ``on_ready`` gets the dashboard's URL once it is listening.

    A host other than loopback needs a token in ``options``: the API would otherwise be open to the network."""
    import uvicorn

    if not Path(db).is_file():
        raise StoreError(f"{db}: no such store (create it with: dragoman ingest PATH --db {db})")
    with Store(db):
        pass  # brings an older store up to the current schema; requests then open it read-only
    options = options or ServeOptions()
    if not is_loopback(host) and options.token is None:
        raise UsageError(f"--host {host} opens the server to other machines; it needs a --token")
    sock = listen(host, port)
    coder = CodingWorker(options.config, options.code_timeout)
    try:
        coder.start()  # a model that can't load is said now, not at the first text
    except BaseException:
        sock.close()
        raise
    bound = sock.getsockname()
    shown = f"[{bound[0]}]" if sock.family == socket.AF_INET6 else bound[0]
    server = uvicorn.Server(uvicorn.Config(create_app(db, options, coder), log_level="warning", access_log=False))
    if on_ready is not None:
        on_ready(f"http://{shown}:{bound[1]}/")
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # Ctrl-C is how a server is stopped; uvicorn has shut down cleanly by now
    finally:
        coder.close()
        sock.close()
