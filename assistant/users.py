"""Who may sign in to the app: a YAML users file with bcrypt password hashes and one role each.

```yaml
users:
  jdoe:
    name: Jane Doe
    role: rep            # rep | msl | mlr | admin
    password_hash: $2b$12$...
```

The file never holds a password, only its bcrypt hash; ``medbrief users add`` writes it.
The role a user signs in with is the role every retrieval filter and workflow then applies.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated

import bcrypt
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from knowledge_base.models import Role

__all__ = [
    "DEMO_PASSWORD",
    "DEMO_USERS",
    "SignedInUser",
    "UserEntry",
    "UsersFileError",
    "add_user",
    "authenticate",
    "ensure_demo_users",
    "hash_password",
    "load_users",
]

USERNAME = r"^[a-z0-9][a-z0-9._-]{0,63}$"
MIN_PASSWORD_CHARS = 8
MAX_PASSWORD_BYTES = 72  # bcrypt reads no further; a longer password is refused, not truncated
# Demo mode only (`medbrief serve --demo-users`): printed loudly, never used when a file exists.
DEMO_PASSWORD = "medbrief-demo"
DEMO_USERS: dict[str, tuple[str, Role]] = {
    "rep": ("Demo Rep", Role.REP),
    "msl": ("Demo MSL", Role.MSL),
    "mlr": ("Demo MLR reviewer", Role.MLR),
    "admin": ("Demo admin", Role.ADMIN),
}


@cache
def _dummy_hash() -> bytes:
    """Checked against when the user is unknown: an unknown name costs as much as a bad password."""
    return bcrypt.hashpw(b"not-a-password", bcrypt.gensalt(rounds=12))


class UsersFileError(ValueError):
    """The users file is missing, unreadable or malformed; the message names the file."""


class UserEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(min_length=1, description="Shown in the app and audit log.")]
    role: Role
    password_hash: Annotated[str, Field(pattern=r"^\$2[aby]\$\d{2}\$.{53}$")]


class _UsersFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    users: dict[Annotated[str, Field(pattern=USERNAME)], UserEntry] = Field(default_factory=dict)


@dataclass(frozen=True)
class SignedInUser:
    username: str
    name: str
    role: Role


def _check_password(password: str) -> bytes:
    raw = password.encode("utf-8")
    if len(password) < MIN_PASSWORD_CHARS:
        raise UsersFileError(f"a password needs at least {MIN_PASSWORD_CHARS} characters")
    if len(raw) > MAX_PASSWORD_BYTES:
        raise UsersFileError(f"a password may have at most {MAX_PASSWORD_BYTES} bytes (bcrypt)")
    return raw


def hash_password(password: str) -> str:
    return bcrypt.hashpw(_check_password(password), bcrypt.gensalt(rounds=12)).decode("ascii")


def load_users(path: Path) -> dict[str, UserEntry]:
    """The users in ``path``; a missing file is an error that says how to create one."""
    if not path.is_file():
        raise UsersFileError(
            f"no users file at {path}: create one with `medbrief users add USERNAME --role ROLE`, "
            "or start a demo with `medbrief serve --demo-users`"
        )
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return _UsersFile.model_validate(data).users
    except (OSError, yaml.YAMLError) as error:
        raise UsersFileError(f"{path}: cannot read the users file: {error}") from error
    except ValidationError as error:
        where = "; ".join(
            ".".join(str(p) for p in e["loc"]) + f": {e['msg']}" for e in error.errors()
        )
        raise UsersFileError(f"{path}: invalid users file: {where}") from error


def authenticate(users: dict[str, UserEntry], username: str, password: str) -> SignedInUser | None:
    """The user if the password matches its hash, else None (same work for unknown names)."""
    entry = users.get(username.strip().lower())
    candidate = password.encode("utf-8")[:MAX_PASSWORD_BYTES]
    stored = entry.password_hash.encode("ascii") if entry else _dummy_hash()
    matches = bcrypt.checkpw(candidate, stored)
    if entry is None or not matches:
        return None
    return SignedInUser(username=username.strip().lower(), name=entry.name, role=entry.role)


def _write(path: Path, users: dict[str, UserEntry]) -> None:
    payload = {"users": {name: entry.model_dump(mode="json") for name, entry in users.items()}}
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".users-", suffix=".yaml")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            yaml.safe_dump(payload, out, sort_keys=True, allow_unicode=True)
        os.chmod(temporary, 0o600)  # hashes are not secrets, but nobody else needs to read them
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def add_user(
    path: Path, username: str, *, role: Role, password: str, name: str | None = None
) -> bool:
    """Create or update a user; True when the user is new."""
    username = username.strip().lower()
    if not re.fullmatch(USERNAME, username):
        raise UsersFileError(
            f"invalid username {username!r}: lower-case letters, digits, '.', '_' or '-'"
        )
    users = load_users(path) if path.exists() else {}
    new = username not in users
    users[username] = UserEntry(
        name=name or (users[username].name if not new else username),
        role=role,
        password_hash=hash_password(password),
    )
    _write(path, users)
    return new


def ensure_demo_users(path: Path) -> bool:
    """Create the demo users (rep, msl, mlr, admin; password DEMO_PASSWORD) if ``path`` does
    not exist. True when they were created; an existing file is never touched."""
    if path.exists():
        return False
    hashed = hash_password(DEMO_PASSWORD)
    _write(
        path,
        {
            username: UserEntry(name=name, role=role, password_hash=hashed)
            for username, (name, role) in DEMO_USERS.items()
        },
    )
    return True
