"""Reader names for the wide CSVs' columns, and one column per quantity across NeuronCore versions.

The wide CSVs (one row per NeuronCore, or per instance and UltraServer) have one column per
quantity, named after the figure's label with its SI unit: "Device memory (B)".  The data file keys
some NeuronCore figures per version (``tensor.dense.fp16`` on v1, ``tensor.dense.bf16`` later;
``vector-width-16bit`` on v3, ``vector-width-narrow`` on v4), so for cores the column is the
quantity, not the key: an engine's peak rate by engine, density and class of data type, and the
data-path widths by engine and class of type (:data:`CORE_QUANTITIES`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .export_models import FigureOut

SIXTEEN_BIT = "BF16/FP16"
OTHER_TYPES = "other data types"

# NeuronCore figures keyed per version -> the quantities they give (a figure that applies to
# several engines or types fills each of their columns).
CORE_QUANTITIES: dict[str, tuple[str, ...]] = {
    # NeuronCore-v2's input path takes every dense type; v3 names it for BF16/FP16, v4 for non-MX inputs.
    "tensor-input-width": (f"Tensor Engine input data path, dense {SIXTEEN_BIT}",),
    "tensor-input-width-bf16": (f"Tensor Engine input data path, dense {SIXTEEN_BIT}",),
    "tensor-input-width-other": (f"Tensor Engine input data path, dense {SIXTEEN_BIT}",),
    "tensor-input-width-fp8": ("Tensor Engine input data path, dense FP8",),
    "tensor-input-width-mx": ("Tensor Engine input data path, dense MXFP8/MXFP4",),
    "tensor-input-width-sparse": ("Tensor Engine input data path, structured-sparse input",),
    # NeuronCore-v2 gives one width for the Vector, Scalar and GPSIMD engines and every type.
    "engine-width": (
        f"Vector Engine data path, {SIXTEEN_BIT}",
        f"Vector Engine data path, {OTHER_TYPES}",
        f"Scalar Engine data path, {SIXTEEN_BIT}",
        f"Scalar Engine data path, {OTHER_TYPES}",
        "GPSIMD Engine data path",
    ),
    "vector-width-16bit": (f"Vector Engine data path, {SIXTEEN_BIT}",),
    "vector-width-narrow": (f"Vector Engine data path, {SIXTEEN_BIT}",),  # v4: BF16/FP16/FP8
    "vector-width-other": (f"Vector Engine data path, {OTHER_TYPES}",),
    "scalar-width": (f"Scalar Engine data path, {SIXTEEN_BIT}", f"Scalar Engine data path, {OTHER_TYPES}"),
    "scalar-width-narrow": (f"Scalar Engine data path, {SIXTEEN_BIT}",),  # v4: BF16/FP16/FP8
    "scalar-width-other": (f"Scalar Engine data path, {OTHER_TYPES}",),
    "gpsimd-width": ("GPSIMD Engine data path",),
}
_ENGINE_RATE = re.compile(r"^(?P<engine>[a-z]+)\.(?P<mode>dense|sparse)\.")
_VERSIONED = re.compile(r"^NeuronCore-v\d+ ")  # "NeuronCore-v2 SBUF capacity per partition"


def type_class(dtypes: list[str]) -> str:
    """The class of data types a rate is for: BF16/FP16 wherever either is listed, else the types."""
    if "BF16" in dtypes or "FP16" in dtypes:
        return SIXTEEN_BIT
    return "/".join(dtypes)


def quantities(figure: FigureOut) -> tuple[str, ...]:
    """The quantities (column names without unit) a figure fills in a wide CSV."""
    if figure.entity_kind == "core":
        if figure.metric in CORE_QUANTITIES:
            return CORE_QUANTITIES[figure.metric]
        rate = _ENGINE_RATE.match(figure.metric)
        if rate and figure.dtypes:
            engine = figure.label.partition(" peak throughput")[0]
            return (f"{engine} peak throughput, {type_class(figure.dtypes)}, {rate['mode']}",)
        generic = _VERSIONED.sub("", figure.label)  # the column holds every version's figure
        return (generic[:1].upper() + generic[1:],)
    return (figure.label,)


def column(quantity: str, unit_si: str) -> str:
    return f"{quantity} ({unit_si})"
