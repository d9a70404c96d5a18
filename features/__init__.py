"""Point-in-time unit features, labels and the feature catalogue.

Names are imported on first use, so `import features` stays cheap and `python -m features.catalogue` runs
the catalogue module fresh.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from features.catalogue import FEATURES, catalogue_for, feature_names
    from features.config import FeatureConfig
    from features.frame import build_training_frame, build_unit_features
    from features.labels import build_labels
    from features.partitions import Context, build_context, community_summary, restrict_to_communities
    from features.point_in_time import cut_to_as_of
    from features.spec import FAMILIES, FeatureSpec

_HOMES = {
    "FEATURES": "catalogue",
    "catalogue_for": "catalogue",
    "feature_names": "catalogue",
    "FeatureConfig": "config",
    "build_training_frame": "frame",
    "build_unit_features": "frame",
    "build_labels": "labels",
    "Context": "partitions",
    "build_context": "partitions",
    "community_summary": "partitions",
    "restrict_to_communities": "partitions",
    "cut_to_as_of": "point_in_time",
    "FAMILIES": "spec",
    "FeatureSpec": "spec",
}
__all__ = [
    "FAMILIES",
    "FEATURES",
    "Context",
    "FeatureConfig",
    "FeatureSpec",
    "build_context",
    "build_labels",
    "build_training_frame",
    "build_unit_features",
    "catalogue_for",
    "community_summary",
    "cut_to_as_of",
    "feature_names",
    "restrict_to_communities",
]


def __getattr__(name: str) -> object:
    if name not in _HOMES:
        raise AttributeError(f"module 'features' has no attribute {name!r}")
    return getattr(import_module(f"features.{_HOMES[name]}"), name)
