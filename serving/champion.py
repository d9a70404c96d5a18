"""The serving model slot: the champion from the registry, swapped on reload without dropping the old one."""

from __future__ import annotations

import logging

from models.registry import CHAMPION, LoadedModel, ModelLoadError, Registry

log = logging.getLogger(__name__)

__all__ = ["LoadedModel", "ModelLoadError", "ModelSlot"]


class ModelSlot:
    """Holds the serving model; a failed reload leaves the current one in place."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.current: LoadedModel | None = None
        self.last_error: str | None = None

    @property
    def model_name(self) -> str:
        return self.registry.model_name

    def load(self) -> LoadedModel:
        """Load the champion and make it current; on failure keep the old model and raise ModelLoadError."""
        try:
            loaded = self.registry.load(CHAMPION)
        except ModelLoadError as error:
            self.last_error = str(error)
            log.warning("%s; still serving %s", error, self.current.version if self.current else "no model")
            raise
        self.current, self.last_error = loaded, None
        log.info("serving %s version %s", loaded.name, loaded.version)
        return loaded
