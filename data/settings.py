"""Infrastructure settings, read once from the environment (prefix DISPUTES_)."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Where the store, MLflow and reports live. Paths default under DISPUTES_HOME (./var)."""

    model_config = SettingsConfigDict(env_prefix="DISPUTES_", frozen=True, extra="ignore")

    home: Path = Path("var")
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "DISPUTES_DATABASE_URL")
    )
    mlflow_tracking_uri: str | None = Field(
        default=None, validation_alias=AliasChoices("MLFLOW_TRACKING_URI", "DISPUTES_MLFLOW_TRACKING_URI")
    )
    model_name: str = "dispute-risk"

    @cached_property
    def store_url(self) -> str:
        """SQLAlchemy URL of the store: DATABASE_URL, else a SQLite file under home."""
        return self.database_url or f"sqlite:///{(self.home / 'store.db').resolve()}"

    @cached_property
    def tracking_uri(self) -> str:
        """MLflow tracking URI: MLFLOW_TRACKING_URI, else a SQLite database under home."""
        return self.mlflow_tracking_uri or f"sqlite:///{(self.home / 'mlflow.db').resolve()}"

    @property
    def artifacts_dir(self) -> Path:
        return (self.home / "mlartifacts").resolve()

    @property
    def reports_dir(self) -> Path:
        return (self.home / "reports").resolve()

    def ensure_home(self) -> None:
        """Create the home folder; called by commands, never at import."""
        self.home.mkdir(parents=True, exist_ok=True)
