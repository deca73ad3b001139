"""Sessions, CSRF tokens and the login rate limit of `kefu serve`.

Sessions live in the server's memory (one process per team): the cookie holds only a
random token. The CSRF token is double-submit: a readable cookie whose value every
state-changing request echoes in the X-CSRF-Token header; it is also bound to the
session, so a cookie planted by another site does not help."""
from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

SESSION_COOKIE = "kefu_session"
CSRF_COOKIE = "kefu_csrf"
CSRF_HEADER = "x-csrf-token"
SESSION_TTL = 12 * 3600          # idle seconds before a session ends


@dataclass
class Session:
    token: str
    name: str
    csrf: str
    expires: float


class Sessions:
    def __init__(self, ttl: float = SESSION_TTL, clock: Callable[[], float] = time.monotonic):
        self.ttl = ttl
        self.clock = clock
        self._by_token: dict[str, Session] = {}
        self._lock = threading.Lock()

    def create(self, name: str) -> Session:
        session = Session(secrets.token_urlsafe(32), name, secrets.token_urlsafe(32), self.clock() + self.ttl)
        with self._lock:
            self._by_token[session.token] = session
        return session

    def get(self, token: str | None) -> Session | None:
        if not token:
            return None
        with self._lock:
            session = self._by_token.get(token)
            if session is None:
                return None
            if session.expires < self.clock():
                del self._by_token[token]
                return None
            session.expires = self.clock() + self.ttl
            return session

    def drop(self, token: str | None) -> None:
        with self._lock:
            self._by_token.pop(token or "", None)

    def drop_user(self, name: str) -> None:
        with self._lock:
            for token in [t for t, s in self._by_token.items() if s.name == name]:
                del self._by_token[token]


def csrf_ok(session: Session, header: str | None, cookie: str | None) -> bool:
    """The header echoes the cookie, and both are this session's token."""
    if not header or not cookie:
        return False
    return hmac.compare_digest(header, cookie) and hmac.compare_digest(header, session.csrf)


@dataclass
class LoginLimiter:
    """At most `limit` failed logins per key (a user name, a client address) within
    `window` seconds; a successful login clears the name's count."""
    limit: int = 5
    window: float = 300.0
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, list[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self, *keys: str) -> float:
        """Seconds until the keys may try again (0: now)."""
        now = self.clock()
        longest = 0.0
        with self._lock:
            for key in keys:
                recent = [t for t in self._failures.get(key, []) if t > now - self.window]
                self._failures[key] = recent
                if len(recent) >= self.limit:
                    longest = max(longest, recent[0] + self.window - now)
        return longest

    def failed(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.setdefault(key, []).append(self.clock())

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
