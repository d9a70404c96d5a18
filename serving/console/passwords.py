"""Console passwords: argon2id through argon2-cffi, with a minimum length; never a hand-rolled hash."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 10
MAX_LENGTH = 1024  # argon2 takes any length; this only keeps a hostile form field from costing memory

_HASHER = PasswordHasher()  # argon2id with the library's RFC 9106 low-memory profile


@cache
def _dummy_hash() -> str:
    """Verified when the username is unknown, so a wrong username costs as long as a wrong password."""
    return _HASHER.hash("not the password of anyone")


class WeakPasswordError(ValueError):
    """A new password does not meet the rules."""


def check_new_password(password: str) -> None:
    """Refuse a password that is too short or too long, saying what is needed."""
    if len(password) < MIN_LENGTH:
        raise WeakPasswordError(f"the password must have at least {MIN_LENGTH} characters (it has {len(password)})")
    if len(password) > MAX_LENGTH:
        raise WeakPasswordError(f"the password must have at most {MAX_LENGTH} characters")


def hash_password(password: str) -> str:
    """The argon2id hash (PHC string with salt and parameters) of a password that meets the rules."""
    check_new_password(password)
    return _HASHER.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether the password matches; with no stored hash, spend the same time and say no."""
    try:
        return _HASHER.verify(stored_hash or _dummy_hash(), password[:MAX_LENGTH]) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether the hash was made with older parameters than the current ones (rehashed at the next login)."""
    return _HASHER.check_needs_rehash(stored_hash)
