"""`disputes users`: console accounts for mediators, firms and admins (passwords read from stdin, never argv)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from disputes.output import emit_json
from disputes.settings import command_settings

console = Console(stderr=True)
users_app = typer.Typer(no_args_is_help=True, add_completion=False, help="Console accounts (the staff console).")
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from the first line of stdin (required).")
]


class UserRole(StrEnum):
    mediator = "mediator"
    firm = "firm"
    admin = "admin"


@users_app.callback()
def users() -> None:
    """Console accounts (the staff console)."""


def _password(from_stdin: bool) -> str:
    """The first line of stdin; a password never goes on the command line, where `ps` and shell history see it."""
    if not from_stdin:
        console.print('[red]Give the password on stdin with --password-stdin, e.g. `read -s P; echo "$P" | …`[/red]')
        raise typer.Exit(2)
    return sys.stdin.readline().rstrip("\r\n")


@contextmanager
def _connection() -> Iterator[Any]:
    """A transaction on the store, with the serving and console tables created; refusals exit 2 with the reason."""
    from serving.console.passwords import WeakPasswordError
    from serving.console.router import create_console_schema
    from serving.console.users import UserRequestError
    from serving.db import create_serving_schema, open_engine

    engine = open_engine(command_settings().store_url)
    try:
        create_serving_schema(engine)
        create_console_schema(engine)
        with engine.begin() as connection:
            yield connection
    except (UserRequestError, WeakPasswordError) as error:
        console.print(f"[red]{escape(str(error))}[/red]")
        raise typer.Exit(2) from None
    finally:
        engine.dispose()


@users_app.command("create")
def create(
    username: Annotated[str, typer.Option(help="The login name (2-64 letters, digits or . _ @ -).")],
    role: Annotated[UserRole, typer.Option(help="What the user may see and do.")],
    password_stdin: PasswordStdin = False,
    firm_id: Annotated[str | None, typer.Option(help="The firm's id (firm users only).")] = None,
    subdistrict: Annotated[
        list[str] | None, typer.Option(help="A subdistrict the mediator covers; repeat for more.")
    ] = None,
    district: Annotated[bool, typer.Option("--district", help="A mediator for the whole district.")] = False,
) -> None:
    """Create a console user; the password (at least 10 characters) is read from stdin and stored as argon2id."""
    from serving.auth import Role
    from serving.console.users import create_user

    password = _password(password_stdin)
    with _connection() as connection:
        user = create_user(connection, username, password, Role(role.value), firm_id=firm_id,
                           subdistricts=subdistrict or [], district=district)  # fmt: skip
    scope = user.firm_id or "、".join(user.subdistricts) or ("the whole district" if district else "everything")
    console.print(f"Created {user.role.value} {user.username!r} ({scope}). Log in at /console/login.")


@users_app.command("list")
def list_(
    as_json: Annotated[bool, typer.Option("--json", help="Print the users as JSON on the last line.")] = False,
) -> None:
    """List console users with their role, scope and status."""
    from serving.console.users import list_users

    with _connection() as connection:
        found = list_users(connection)
    for user in found:
        scope = user.firm_id or "、".join(user.subdistricts) or "-"
        state = f"disabled {user.disabled_at:%Y-%m-%d}" if user.disabled_at else "active"
        print(f"{user.username}\t{user.role.value}\t{scope}\t{state}")
    if as_json:
        emit_json({"users": [user.as_dict() for user in found]})


def _ended(action: Callable[[Any], int], message: str) -> None:
    with _connection() as connection:
        ended = action(connection)
    console.print(f"{message}; {ended} session(s) ended.")


@users_app.command("disable")
def disable(username: Annotated[str, typer.Argument(help="The user to disable.")]) -> None:
    """Disable a user; their console sessions end at once."""
    from serving.console.users import disable_user

    _ended(lambda connection: disable_user(connection, username), f"Disabled {username!r}")


@users_app.command("reset-password")
def reset_password(
    username: Annotated[str, typer.Argument(help="The user whose password changes.")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Give a user a new password (read from stdin); their sessions end."""
    from serving.console.users import reset_password as reset

    password = _password(password_stdin)
    _ended(lambda connection: reset(connection, username, password), f"New password for {username!r}")
