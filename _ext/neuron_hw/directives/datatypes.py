"""``data-type-matrix`` and ``rounding-support``: which data types and rounding modes each generation has.

Both tables are computed from the data file: the matrix from the ``inputs`` and ``outputs`` of each
NeuronCore's engines, the rounding table from each chip's ``rounding`` list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..tables import NOT_PUBLISHED, SpecTable
from .base import SpecDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

    from ..data import Core, Engine

# Row order: floating point from widest to narrowest, then integers. A type the data names that
# is not listed here follows, in the order the data first names it.
TYPE_ORDER = (
    "FP32",
    "TF32",
    "BF16",
    "FP16",
    "FP8",
    "cFP8",
    "MXFP8",
    "MXFP4",
    "INT32",
    "UINT32",
    "INT16",
    "UINT16",
    "INT8",
    "UINT8",
)
ROUNDING_MODES = ("round to nearest even", "stochastic rounding")


def core_types(core: Core) -> list[str]:
    """Every data type any engine of ``core`` names, in ``TYPE_ORDER``."""
    named: dict[str, None] = {}
    for engine in core.engines.values():
        for dtype in (*engine.inputs, *engine.outputs):
            named.setdefault(dtype)
    known = [t for t in TYPE_ORDER if t in named]
    return known + [t for t in named if t not in TYPE_ORDER]


def cell_text(engine: Engine, dtype: str) -> str | None:
    """What ``engine`` does with ``dtype``; ``None`` where the engine does not take the type.

    An engine whose data lists output types separately (the Tensor Engine) reads its inputs in
    one set of types and writes results in another, so its cell says which; for the others the
    data lists the types the engine works in.
    """
    if engine.outputs:
        roles = [role for role, types in (("input", engine.inputs), ("output", engine.outputs)) if dtype in types]
        return " and ".join(roles) or None
    return "yes" if dtype in engine.inputs else None


def matrix(table: SpecTable, core: Core) -> list[list]:
    """The rows of one generation's matrix: the type, then one cell per engine; ``n/p`` where AWS
    names no such support for the engine (its lists are not complete, so that is not a "no").

    An engine whose type list carries a note (a list AWS's documents dispute, or one taken from
    another generation's document) marks every cell of its column with it, the types it lists as
    well as the ones it does not."""
    return [
        [
            dtype,
            *(
                table.cell(text, e.note) if (text := cell_text(e, dtype)) else table.absent(NOT_PUBLISHED, e.note)
                for e in core.engines.values()
            ),
        ]
        for dtype in core_types(core)
    ]


class DataTypeMatrix(SpecDirective):
    """``.. data-type-matrix:: [v3]`` -- per NeuronCore version, every data type against every engine."""

    required_arguments = 0
    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        if self.arguments:
            core = self.lookup(self.specs.cores, self.arguments[0], "NeuronCore")
            cores = [core] if core is not None else []
        else:
            cores = list(self.specs.cores.values())
        out: list[nodes.Node] = []
        for core in cores:
            chips = ", ".join(chip.name for chip in self.specs.chips_with_core(core.id))
            table = self.new_table(f"{core.name} ({chips}): data types by engine")
            table.cite(*(engine.source for engine in core.engines.values()))
            header = ["Data type", *(engine.name for engine in core.engines.values())]
            out += table.build(header, matrix(table, core))
        return out


class RoundingSupport(SpecDirective):
    """``.. rounding-support::`` -- each chip, its NeuronCore and the rounding modes it offers."""

    required_arguments = 0

    def run(self) -> list[nodes.Node]:
        table = self.new_table("Rounding modes by chip")
        table.cite("feat-rounding")
        rows = []
        for chip in self.specs.chips.values():
            table.cite(chip.figures["neuron_cores"].source)
            core = self.specs.cores[chip.core]
            rows.append(
                [
                    [self.ref(chip.page, chip.name)],
                    [self.ref(core.page, core.name)],
                    *("yes" if mode in chip.rounding else "no" for mode in ROUNDING_MODES),
                ]
            )
        return table.build(["Chip", "NeuronCore", "Round to nearest even", "Stochastic rounding"], rows)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_directive("data-type-matrix", DataTypeMatrix)
    app.add_directive("rounding-support", RoundingSupport)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
