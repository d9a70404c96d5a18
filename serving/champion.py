"""The serving model slot: the approved champion from the registry, swapped on reload without dropping the old one.

Whatever goes wrong while loading (a missing alias, an unapproved or changed artifact, a failed smoke test, or a
pickle whose own code raises anything at all) leaves the current model serving, or none at startup: /health,
the public pages and the stored scores keep answering, and the reason is kept for /ready and the reload answer.
"""

from __future__ import annotations

import logging

from models.registry import CHAMPION, LoadedModel, ModelLoadError, Registry, model_uri

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

    def _fetch(self) -> LoadedModel:
        try:
            return self.registry.load_approved(CHAMPION)
        except ModelLoadError:
            raise
        # A deliberate catch-all at the boundary: unpickling runs the artifact's own code, which can raise any
        # exception. It is logged with its traceback and becomes a ModelLoadError; the old model keeps serving.
        except Exception as error:
            log.exception("loading the champion raised %s", type(error).__name__)
            where = model_uri(self.registry.model_name, CHAMPION)
            raise ModelLoadError(f"{where} could not be loaded: {type(error).__name__}: {error}") from error

    def load(self) -> LoadedModel:
        """Load the approved champion and make it current; on any failure keep the old model, raise ModelLoadError."""
        try:
            loaded = self._fetch()
        except ModelLoadError as error:
            self.last_error = str(error)
            log.warning("%s; still serving %s", error, self.current.version if self.current else "no model")
            raise
        self.current, self.last_error = loaded, None
        log.info("serving %s version %s", loaded.name, loaded.version)
        return loaded
