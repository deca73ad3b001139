"""Users of the ledger (issue 12): agents, reviewers and leads, with scrypt password hashes.

An agent user's name is the agent's name in the chats: that is how an agent sees only
their own findings. Users are never deleted: `disable_user` keeps the row (and the audit
log keeps who did it). Every add/disable writes an audit row in the same transaction.

    add_user(ledger, "小美", "agent", "s3cret-pass", by=None)     # by=None: the CLI (trusted file access)
    user = authenticate(ledger, "小美", "s3cret-pass")             # User | None
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from .audit import audit
from .clock import now_iso
from .errors import LedgerError, LedgerForbidden, LedgerNotFound

ROLES = {"agent": "客服", "reviewer": "质检/复核", "lead": "主管"}
CLI_ACTOR = "命令行"
MIN_PASSWORD = 8
# scrypt cost: n=2**14, r=8, p=1 (~16 MiB, the interactive-login parameters of the scrypt paper)
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1


@dataclass(frozen=True)
class User:
    name: str
    role: str                 # agent | reviewer | lead
    disabled: bool = False

    @property
    def role_name(self) -> str:
        return ROLES.get(self.role, self.role)


def hash_password(password: str, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32, maxmem=64 * 1024 * 1024)
    return f"scrypt${n}${r}${p}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """Constant-time comparison; the cost parameters come from the stored hash."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        got = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(digest) // 2, maxmem=64 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, bytes.fromhex(digest))


_DUMMY = None


def _dummy_hash() -> str:
    global _DUMMY
    if _DUMMY is None:
        _DUMMY = hash_password(secrets.token_hex(8))
    return _DUMMY


def actor_name(by) -> str:
    """The audit log's `actor` for a User, a name, or None (the command line)."""
    if by is None:
        return CLI_ACTOR
    return by.name if isinstance(by, User) else str(by)


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 64 or any(c in name for c in "\r\n\t/\\"):
        raise LedgerError(f"用户名 {name!r} 无效：应为 1–64 个字符，不含换行、制表符和斜杠（客服用聊天记录中的客服名）")
    return name


def add_user(ledger, name: str, role: str, password: str, by: User | str | None = None) -> User:
    """Create a user. `by`: a lead User (web), or None/a name for the command line.
    Refuses an unknown role, a short password and a duplicate name."""
    name = check_name(name)
    if role not in ROLES:
        raise LedgerError(f"角色 {role!r} 无效：应为 agent（客服）、reviewer（质检/复核）或 lead（主管）")
    if isinstance(by, User):
        require_role(by, "lead", "添加用户")
    if len(password or "") < MIN_PASSWORD:
        raise LedgerError(f"密码太短：至少 {MIN_PASSWORD} 个字符")
    hashed = hash_password(password)
    with ledger.transaction():
        if ledger.conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
            raise LedgerError(f"用户 {name} 已存在：换一个名字，或先看 `kefu user list`")
        ledger.conn.execute("INSERT INTO users (name, role, password, disabled, created_at, created_by) "
                            "VALUES (?, ?, ?, 0, ?, ?)", (name, role, hashed, now_iso(), actor_name(by)))
        audit(ledger, actor_name(by), "user.add", name, "", {"role": role})
    return User(name, role)


def get_user(ledger, name: str) -> User | None:
    row = ledger.conn.execute("SELECT name, role, disabled FROM users WHERE name = ?", ((name or "").strip(),)).fetchone()
    return User(row[0], row[1], bool(row[2])) if row else None


def list_users(ledger) -> list[User]:
    rows = ledger.conn.execute("SELECT name, role, disabled FROM users ORDER BY role, name").fetchall()
    return [User(n, r, bool(d)) for n, r, d in rows]


def has_users(ledger) -> bool:
    return ledger.conn.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None


def authenticate(ledger, name: str, password: str) -> User | None:
    """The user if the password is right and the user is enabled; None otherwise (the same
    work is done for an unknown name, so timing does not reveal which names exist)."""
    row = ledger.conn.execute("SELECT name, role, disabled, password FROM users WHERE name = ?",
                              ((name or "").strip(),)).fetchone()
    ok = verify_password(password or "", row[3] if row else _dummy_hash())
    if row is None or not ok or row[2]:
        return None
    return User(row[0], row[1], False)


def disable_user(ledger, name: str, by: User | str | None, reason: str = "") -> None:
    """Disable (never delete) a user: they can no longer log in or act."""
    if isinstance(by, User):
        require_role(by, "lead", "停用用户")
    with ledger.transaction():
        user = get_user(ledger, name)
        if user is None:
            raise LedgerNotFound(f"没有用户 {name}：用户见 `kefu user list`")
        if user.disabled:
            raise LedgerError(f"用户 {name} 已停用")
        ledger.conn.execute("UPDATE users SET disabled = 1 WHERE name = ?", (user.name,))
        audit(ledger, actor_name(by), "user.disable", user.name, reason, {"role": user.role})


def require_role(actor: User, roles: str | tuple[str, ...], what: str) -> None:
    """Refuse a disabled actor or one whose role is not in `roles`."""
    roles = (roles,) if isinstance(roles, str) else roles
    if actor.disabled:
        raise LedgerForbidden(f"用户 {actor.name} 已停用，不能{what}")
    if actor.role not in roles:
        allowed = "、".join(ROLES[r] for r in roles)
        raise LedgerForbidden(f"{actor.name}（{actor.role_name}）不能{what}：只有{allowed}可以")


__all__ = ["CLI_ACTOR", "ROLES", "User", "actor_name", "add_user", "authenticate", "disable_user", "get_user",
           "has_users", "list_users", "require_role"]
