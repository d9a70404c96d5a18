"""The contract's cross-field rules: how columns of one row constrain each other."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NotBefore:
    """`later` must be ≥ `earlier` whenever both are set."""

    later: str
    earlier: str


@dataclass(frozen=True)
class EmptyTogether:
    """`column` must be empty exactly when `other` is empty."""

    column: str
    other: str


@dataclass(frozen=True)
class OnlyWhenSet:
    """`column` may be set only when `other` is set."""

    column: str
    other: str


@dataclass(frozen=True)
class UnitInCommunity:
    """When unit_id is set, that unit must belong to the row's community_id."""


Rule = NotBefore | EmptyTogether | OnlyWhenSet | UnitInCommunity
