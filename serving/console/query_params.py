"""Reading a console page's query string into its typed model; a value it cannot use is a 400 page, never a 500."""

from __future__ import annotations

from typing import TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError

from serving.console.deps import ConsoleError
from serving.transparency.labels import N_

Model = TypeVar("Model", bound=BaseModel)
BAD_QUERY = N_("This address has a value the page cannot use (%(problems)s). Change it, or start again from the menu.")


def parse_query(request: Request, model: type[Model]) -> Model:
    """The query string as `model` (the last value of a repeated parameter wins)."""
    try:
        return model.model_validate(dict(request.query_params))
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'query'}: {e['msg']}" for e in error.errors())
        raise ConsoleError(400, BAD_QUERY, {"problems": problems}) from None
