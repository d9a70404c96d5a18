"""The scoring tables (SQLAlchemy Core): each run, its unit scores and its community rollups; runs are history.

Times are naive local time (Asia/Shanghai), as in the store. Serving's own tables join this MetaData.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)  # fmt: skip

metadata = MetaData()

score_runs = Table(
    "score_runs",
    metadata,
    Column("run_id", Integer, primary_key=True, autoincrement=True),
    Column("as_of", Date, nullable=False),
    Column("model_name", String, nullable=False),
    Column("model_version", String, nullable=False),
    Column("horizon_days", Integer, nullable=False),
    Column("units", Integer, nullable=False),
    Column("scored_at", DateTime, nullable=False),
)

scores = Table(
    "scores",
    metadata,
    Column("run_id", Integer, ForeignKey("score_runs.run_id"), primary_key=True),
    Column("unit_id", String, primary_key=True),
    Column("community_id", String, nullable=False),
    Column("as_of", Date, nullable=False),
    Column("probability", Float, nullable=False),
    Column("band", String, nullable=False),
    Column("reasons", Text, nullable=False),  # JSON list of {family, contribution, zh, en}
    Column("model_version", String, nullable=False),
    Column("scored_at", DateTime, nullable=False),
    Index("ix_scores_unit_run", "unit_id", "run_id"),
    Index("ix_scores_run_probability", "run_id", "probability"),
)

community_rollups = Table(
    "community_rollups",
    metadata,
    Column("run_id", Integer, ForeignKey("score_runs.run_id"), primary_key=True),
    Column("community_id", String, primary_key=True),
    Column("as_of", Date, nullable=False),
    Column("units", Integer, nullable=False),
    Column("expected_disputes", Float, nullable=False),
    Column("p_at_least_one", Float, nullable=False),
    Column("band_low", Integer, nullable=False),
    Column("band_medium", Integer, nullable=False),
    Column("band_high", Integer, nullable=False),
    Column("band_critical", Integer, nullable=False),
    Column("top_drivers", Text, nullable=False),  # JSON list of {family, units, contribution, zh, en}
    Column("model_version", String, nullable=False),
    Column("scored_at", DateTime, nullable=False),
    Index("ix_community_rollups_community_run", "community_id", "run_id"),
)


feature_sets = Table(
    "feature_sets",
    metadata,
    Column("run_id", Integer, ForeignKey("score_runs.run_id"), primary_key=True),
    Column("names", Text, nullable=False),  # JSON list: the column order of unit_features.features
)

unit_features = Table(
    "unit_features",
    metadata,
    Column("run_id", Integer, ForeignKey("score_runs.run_id"), primary_key=True),
    Column("unit_id", String, primary_key=True),
    Column("community_id", String, nullable=False),
    Column("features", LargeBinary, nullable=False),  # float64 little-endian, in feature_sets.names order
    Index("ix_unit_features_run_community", "run_id", "community_id"),
    Index("ix_unit_features_unit_run", "unit_id", "run_id"),  # a unit's latest row, for its levers
)
"""Each run's feature rows, so levers re-score exactly what was scored (household data: never public)."""

unit_levers = Table(
    "unit_levers",
    metadata,
    Column("run_id", Integer, ForeignKey("score_runs.run_id"), primary_key=True),
    Column("unit_id", String, primary_key=True),
    Column("lever", String, nullable=False),
    Column("probability_after", Float, nullable=False),
    Column("label_zh", Text, nullable=False),
    Column("label_en", Text, nullable=False),
)
"""Each run's best lever per unit, for the queue and its CSV; units where no lever lowers risk have no row."""

SCORING_TABLES = (score_runs, scores, community_rollups, feature_sets, unit_features, unit_levers)


def create_scoring_schema(engine: Engine) -> None:
    """Create the scoring tables, and the indexes of tables made by an earlier version, that do not exist yet."""
    metadata.create_all(engine, tables=list(SCORING_TABLES))
    for table in SCORING_TABLES:
        for index in table.indexes:
            index.create(engine, checkfirst=True)
