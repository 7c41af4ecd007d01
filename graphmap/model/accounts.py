"""User accounts (issue 5): who may read, edit their own areas or everything, and
password hashing (only a hash is ever held)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum

from .problems import Message
from .values import _ID, parse_enum


class UserRole(StrEnum):
    """What an account may do (issue 5): read, change its own areas, or everything."""

    VIEWER = "viewer"
    EDITOR = "editor"  # writes only in User.areas and the areas below them
    ADMIN = "admin"    # everything, including accounts


_USERNAME = re.compile(r"^[A-Za-z0-9_.@\-]{3,64}$")


def check_username(name: str) -> str:
    """``name`` if it is a valid username (3–64 letters, digits and ``_.@-``), else
    ValueError: usernames appear in URLs, logs and history rows, so no spaces."""
    if not isinstance(name, str) or not _USERNAME.match(name):
        raise ValueError(Message("account_username", value=repr(name)))
    return name


@dataclass
class User:
    """An account.  Only a password *hash* is ever held (werkzeug.security)."""

    username: str
    password_hash: str
    role: UserRole = UserRole.VIEWER
    areas: list[str] = field(default_factory=list)
    created: dt.datetime | None = None
    #: the account's current sessions' key, kept by the store: a web session holds it
    #: and ends once it changes (logout, new password) — issue 10 item 7
    session_key: str | None = field(default=None, compare=False)

    def __post_init__(self):
        check_username(self.username)
        self.role = parse_enum(UserRole, str(self.role))
        if not self.password_hash or not isinstance(self.password_hash, str):
            raise ValueError(f"user {self.username!r} has no password hash")
        bad = [a for a in self.areas if not isinstance(a, str) or not _ID.match(a)]
        if bad:
            raise ValueError(Message("account_areas", username=repr(self.username),
                                     ids=repr(bad)))
        self.areas = list(self.areas)
        if self.created is None:
            self.created = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)

    def __repr__(self) -> str:  # never print the hash into logs
        return f"User({self.username!r}, role={self.role.value!r}, areas={self.areas!r})"


def hash_password(password: str) -> str:
    """A salted hash of ``password`` (werkzeug's default scrypt); raises ValueError for
    an empty or too short password (fewer than 8 characters)."""
    from werkzeug.security import generate_password_hash
    if not isinstance(password, str) or len(password) < 8:
        raise ValueError(Message("account_password"))
    return generate_password_hash(password)


def check_password(user: User, password: str) -> bool:
    from werkzeug.security import check_password_hash
    return check_password_hash(user.password_hash, password)
