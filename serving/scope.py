"""Which communities a principal may see: mediators by subdistrict (or the whole district), firms their own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, true

from serving.auth import Principal, Role
from serving.db import communities


def community_filter(principal: Principal) -> ColumnElement[bool]:
    """A SQL condition on the store's `communities` table that keeps the principal's communities."""
    if principal.role is Role.firm:
        return communities.c.firm_id == principal.firm_id
    if principal.role is Role.mediator and principal.subdistricts:
        return communities.c.subdistrict.in_(principal.subdistricts)
    return true()


def may_see(principal: Principal, community: Mapping[Any, Any]) -> bool:
    """Whether a community row (with firm_id and subdistrict) is in the principal's scope."""
    if principal.role is Role.firm:
        return bool(community["firm_id"] == principal.firm_id)
    if principal.role is Role.mediator and principal.subdistricts:
        return community["subdistrict"] in principal.subdistricts
    return True
