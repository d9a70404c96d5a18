"""What every command starts from: the settings read from the environment, with the home folder created."""

from __future__ import annotations

from data.settings import Settings


def command_settings() -> Settings:
    """Settings read from the environment, with the home folder created."""
    settings = Settings()
    settings.ensure_home()
    return settings
