"""The outreach rule a mediation committee would use without a model, with its thresholds."""

from __future__ import annotations

from collections.abc import Iterable

from models.baselines import RuleCriterion, RuleScore

# One point each, like NYC's Alternative Enforcement Program counts open hazardous violations per unit:
# two or more unpaid bills, six or more, an open complaint, a repair past its service level, an earlier dispute.
DEFAULT_CRITERIA = (
    RuleCriterion("arrears_unpaid_bills", 2),
    RuleCriterion("arrears_unpaid_bills", 6),
    RuleCriterion("complaints_unit_open", 1),
    RuleCriterion("repairs_unit_overdue", 1),
    RuleCriterion("history_unit_disputes", 1),
)
TIEBREAK = "arrears_overdue_cny"


def default_rule(available: Iterable[str]) -> RuleScore:
    """The default rule restricted to the features the data provides."""
    present = set(available)
    criteria = tuple(c for c in DEFAULT_CRITERIA if c.feature in present)
    return RuleScore(criteria=criteria, tiebreak=TIEBREAK if TIEBREAK in present else None)
