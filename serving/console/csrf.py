"""CSRF tokens: every console form carries one in a hidden field, and a POST without the right one gets 403.

Logged in, the token is the session's own (stored with it). Before login there is no session, so the login form's
token is also set in a short-lived cookie and the two must match (double submit); that stops another site from
logging a browser into an account of its choosing.
"""

from __future__ import annotations

import hmac
import secrets

FIELD = "csrf_token"
LOGIN_COOKIE = "dr_console_login"


def new_token() -> str:
    """A fresh random token."""
    return secrets.token_urlsafe(32)


def tokens_match(expected: str | None, given: object) -> bool:
    """Whether a submitted token equals the expected one (constant time; a missing one never matches)."""
    if not expected or not isinstance(given, str) or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())
