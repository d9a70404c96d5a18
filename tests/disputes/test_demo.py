"""`disputes demo` runs the whole pipeline: generate → ingest → train → promote → score (serving skipped here)."""

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from disputes.cli import app

pytestmark = pytest.mark.slow


def test_demo_leaves_a_champion_and_scores_for_every_unit(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("DISPUTES_HOME", str(home))
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    result = CliRunner().invoke(app, ["demo", "--scale", "small", "--no-serve"])
    assert result.exit_code == 0, result.stdout
    from training import tracking

    tracking.configure(f"sqlite:///{home.resolve() / 'mlflow.db'}", home / "mlartifacts")
    assert tracking.alias_version("dispute-risk", tracking.CHAMPION) == "1"
    engine = sa.create_engine(f"sqlite:///{home.resolve() / 'store.db'}")
    with engine.connect() as conn:
        units = conn.execute(sa.text("SELECT COUNT(*) FROM units")).scalar_one()
        scored = conn.execute(sa.text("SELECT COUNT(DISTINCT unit_id) FROM scores")).scalar_one()
    assert units == 6_000
    assert scored == units
