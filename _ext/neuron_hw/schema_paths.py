"""The type the model expects at a location of the data file, for the loader's messages."""

from __future__ import annotations

from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from .model import HardwareFile
from .vocabulary import Loc


def _strip(annotation: Any) -> Any:
    """``X | None`` -> X; ``Annotated[X, ...]`` -> X."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, type(int | None)):
            args = [a for a in get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation
        else:
            return annotation


def annotation_at(loc: Loc) -> Any:
    """The type expected at ``loc`` of the file (a model class, ``Literal[...]``, ``str``...),
    or None when ``loc`` is not a place the model defines (an unknown key)."""
    annotation: Any = HardwareFile
    for part in loc:
        annotation = _strip(annotation)
        origin = get_origin(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(part) if isinstance(part, str) else None
            if field is not None:
                annotation = field.annotation
            elif annotation.model_config.get("extra") == "allow":
                annotation = _strip(annotation.__annotations__.get("__pydantic_extra__", Any))
                annotation = get_args(annotation)[1] if get_args(annotation) else Any
            else:
                return None
        elif origin is dict:
            annotation = get_args(annotation)[1]
        elif origin in (list, tuple):
            annotation = get_args(annotation)[0]
        else:
            return None
    return _strip(annotation)
