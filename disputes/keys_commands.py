"""`disputes keys`: create, list, revoke and rotate API keys. A key is printed once, alone on the last stdout line.

Registered in disputes/cli.py; the work is in serving/key_admin.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from disputes.output import emit_json
from disputes.settings import command_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

console = Console(stderr=True)
keys_app = typer.Typer(no_args_is_help=True, add_completion=False, help="API keys for mediators, firms and admins.")
KeyArg = Annotated[str, typer.Argument(help="The key itself, or its id (the part after 'drk_').")]
Expires = Annotated[
    str | None, typer.Option(help="When the key stops working: 90d, 12w, 24h, a date (valid through it) or a time.")
]


@keys_app.callback()
def keys() -> None:
    """API keys for mediators, firms and admins."""


class KeyRole(StrEnum):
    mediator = "mediator"
    firm = "firm"
    admin = "admin"


@contextmanager
def _key_engine() -> Iterator[Engine]:
    """The store's engine with the serving tables; a refused request exits 2 with its reason."""
    from data.store import Store
    from serving.auth import KeyRequestError
    from serving.db import create_serving_schema, open_engine

    settings = command_settings()
    store = Store(settings.store_url)
    store.create_schema()
    store.dispose()
    engine = open_engine(settings.store_url)
    create_serving_schema(engine)
    try:
        yield engine
    except KeyRequestError as error:
        console.print(f"[red]{escape(str(error))}[/red]")
        raise typer.Exit(2) from None
    finally:
        engine.dispose()


def _expiry(expires: str | None) -> datetime | None:
    from serving.db import now_local
    from serving.key_admin import parse_expiry

    return parse_expiry(expires, now_local()) if expires else None


@keys_app.command("create")
def create_key(
    role: Annotated[KeyRole, typer.Option(help="What the key may see and do.")],
    firm_id: Annotated[str | None, typer.Option(help="The firm's id (firm keys only).")] = None,
    subdistrict: Annotated[list[str] | None, typer.Option(help="A subdistrict the mediator covers; repeat.")] = None,
    district: Annotated[bool, typer.Option("--district", help="A mediator key for the whole district.")] = False,
    name: Annotated[str | None, typer.Option(help="Who holds the key (shown in the audit log).")] = None,
    expires: Expires = None,
) -> None:
    """Create an API key. It is printed once, alone on the last line of stdout; only its hash is stored."""
    from serving.auth import Role
    from serving.key_admin import KeyRequest, create

    with _key_engine() as engine:
        request = KeyRequest(
            Role(role.value),
            firm_id,
            tuple(subdistrict or ()),
            district,
            name,
            _expiry(expires),
        )
        key, principal = create(engine, request)
    until = f", valid until {request.expires_at:%Y-%m-%d %H:%M}" if request.expires_at else ""
    console.print(f"Created {principal.role.value} key {principal.key_id} for {principal.name!r}{until}. "
                  "It is shown only once:", highlight=False)  # fmt: skip
    print(key)


@keys_app.command("list")
def list_keys(
    as_json: Annotated[bool, typer.Option("--json", help="Print the keys as JSON on the last line.")] = False,
) -> None:
    """Every key: id, holder, role, scope, created, expires, revoked and status (never the key or its hash)."""
    from serving.key_admin import list_keys as read_keys

    with _key_engine() as engine:
        rows = read_keys(engine)
    for row in rows:
        scope = row["firm_id"] or ", ".join(row["subdistricts"]) or "whole district"
        until = f"{row['expires_at']:%Y-%m-%d %H:%M}" if row["expires_at"] else "no expiry"
        console.print(f"{row['key_id']}  {row['status']:<8} {row['role']:<8} {escape(row['name'])}  [{escape(scope)}]  "
                      f"created {row['created_at']:%Y-%m-%d}, {until}", highlight=False)  # fmt: skip
    if as_json:
        emit_json({"keys": rows})


@keys_app.command("revoke")
def revoke_key(key: KeyArg) -> None:
    """Revoke a key: the very next request with it answers 401."""
    from serving.key_admin import revoke

    with _key_engine() as engine:
        key_id, when, now = revoke(engine, key)
    state = "Revoked" if now else "Already revoked:"
    console.print(f"{state} key {key_id} ({when:%Y-%m-%d %H:%M}).", highlight=False)


@keys_app.command("rotate")
def rotate_key(key: KeyArg, expires: Expires = None) -> None:
    """Replace a key: a new one for the same holder, role and scope, printed once; the old one is revoked at once."""
    from serving.key_admin import rotate

    with _key_engine() as engine:
        new_key, principal, old_id = rotate(engine, key, _expiry(expires))
    console.print(f"Revoked key {old_id}; its replacement {principal.key_id} is shown only once:", highlight=False)
    print(new_key)
