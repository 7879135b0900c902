"""The web API and dashboard over a store: ``dragoman serve --db FILE``.

``create_app(db)`` builds the FastAPI app; ``serve(db, host, port)`` runs it with uvicorn until interrupted.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Callable

from ..exceptions import StoreError, UsageError
from ..pipeline import Pipeline
from ..store import Store
from .app import create_app

__all__ = ["create_app", "listen", "serve"]


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


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000,
          on_ready: Callable[[str], None] | None = None) -> None:
    """Serve the store at ``db`` until interrupted. ``on_ready`` gets the dashboard's URL once it is listening."""
    import uvicorn

    if not Path(db).is_file():
        raise StoreError(f"{db}: no such store (create it with: dragoman ingest PATH --db {db})")
    with Store(db):
        pass  # brings an older store up to the current schema; requests then open it read-only
    sock = listen(host, port)
    pipeline = Pipeline()
    bound = sock.getsockname()
    shown = f"[{bound[0]}]" if sock.family == socket.AF_INET6 else bound[0]
    server = uvicorn.Server(uvicorn.Config(create_app(db, pipeline), log_level="warning", access_log=False))
    if on_ready is not None:
        on_ready(f"http://{shown}:{bound[1]}/")
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # Ctrl-C is how a server is stopped; uvicorn has shut down cleanly by now
    finally:
        sock.close()
