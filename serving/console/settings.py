"""Console settings, read once when the app starts (environment prefix DISPUTES_CONSOLE_)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ConsoleSettings(BaseSettings):
    """How long an idle session lives and how wrong passwords are throttled."""

    model_config = SettingsConfigDict(env_prefix="DISPUTES_CONSOLE_", frozen=True, extra="ignore")

    idle_minutes: float = Field(default=30.0, gt=0, description="A session ends after this long without a request.")
    login_attempts: int = Field(default=5, ge=1, description="Wrong passwords per username or client before 429.")
    lockout_minutes: float = Field(default=15.0, gt=0, description="How long a wrong password counts.")
