"""What a server allows: ``ServeOptions``, one immutable object, and ``options_from_args`` to build it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from ..config import Config
from ..exceptions import UsageError

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
TOKEN_VARIABLE = "DRAGOMAN_TOKEN"


@dataclass(frozen=True)
class ServeOptions:
    config: Config = field(default_factory=Config)  # the coder's, for POST /api/code
    max_text: int = 100_000  # characters of one posted text; more is a 413
    code_timeout: float = 30.0  # seconds one text may take to code; longer is a 503 and the coder restarts
    rate: int = 30  # POST /api/code requests per client per minute; more is a 429
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS  # Host header names answered; others are a 400
    token: str | None = None  # when set, every /api request needs "Authorization: Bearer TOKEN"

    def __post_init__(self):
        if self.max_text < 1:
            raise UsageError(f"--max-text must be at least 1, got {self.max_text}")
        if not self.code_timeout > 0:
            raise UsageError(f"--code-timeout must be more than 0 seconds, got {self.code_timeout}")
        if self.rate < 1:
            raise UsageError(f"--rate must be at least 1 a minute, got {self.rate}")
        if self.token is not None and len(self.token) < 16:
            raise UsageError("--token must be at least 16 characters")

    @property
    def max_body(self) -> int:
        """Bytes of one request body: enough for the longest text with every character escaped in JSON."""
        return max(1 << 20, 6 * self.max_text + (1 << 16))


def is_loopback(host: str) -> bool:
    return host.strip("[]").lower() in LOOPBACK_HOSTS or host.startswith("127.")


def options_from_args(args: Any, config: Config) -> ServeOptions:
    """The options of ``dragoman serve``: loopback hosts plus ``--allow-host`` and the host bound, if named;
    the token from ``--token`` or the environment. Binding beyond loopback without a token is a UsageError."""
    token = getattr(args, "token", None) or os.environ.get(TOKEN_VARIABLE) or None
    host = getattr(args, "host", "127.0.0.1")
    if not is_loopback(host) and token is None:
        raise UsageError(f"--host {host} opens the server to other machines; give it a --token (or set "
                         f"{TOKEN_VARIABLE}) so that only those who have it can use the API")
    named = [] if host in ("0.0.0.0", "::", "") or is_loopback(host) else [host]
    hosts = tuple(dict.fromkeys([*LOOPBACK_HOSTS, *named, *(getattr(args, "allow_host", None) or ())]))
    return ServeOptions(config=config, max_text=args.max_text, code_timeout=args.code_timeout, rate=args.rate,
                        allowed_hosts=tuple(h.lower().strip("[]") for h in hosts), token=token)
