"""The data the extension renders: :func:`load_specs`, which loads the data file, and the records
it returns (defined in ``specs.py``, with the shared keys of ``vocabulary.py``, both named here too).

The file's schema is the pydantic model in ``model.py``; ``loader.py`` reads and validates the
file and builds the records.  Every problem is reported at once, root causes first, as a
:class:`SpecError` naming the file, the line, the entry and what was expected, so a bad edit stops
the build with a readable message instead of a wrong table.

Run as a command to validate a data file without building the site::

    python _ext/neuron_hw/data.py _data/hardware.toml
"""

from __future__ import annotations

if __name__ == "__main__":  # run as a file: the command is main() of the package's own module
    import importlib
    import sys
    from pathlib import Path

    sys.path[0] = str(Path(__file__).resolve().parents[1])  # _ext, which holds the package
    sys.exit(importlib.import_module("neuron_hw.data").main(sys.argv[1:]))

import sys
from pathlib import Path

from . import loader
from .loader import SpecError
from .specs import (
    Chip,
    Comparison,
    ComparisonRow,
    Core,
    Engine,
    Family,
    Figure,
    LabelledFigure,
    Sparsity,
    Specs,
    System,
    Topology,
)
from .vocabulary import (
    CHIP_FIGURES,
    CORE_FIGURES,
    GRID_SHAPES,
    SCALED_TOTALS,
    SYSTEM_FIGURES,
    TOPOLOGY_SHAPES,
    TOTAL_LABELS,
)

__all__ = [
    "CHIP_FIGURES",
    "CORE_FIGURES",
    "GRID_SHAPES",
    "SCALED_TOTALS",
    "SYSTEM_FIGURES",
    "TOPOLOGY_SHAPES",
    "TOTAL_LABELS",
    "Chip",
    "Comparison",
    "ComparisonRow",
    "Core",
    "Engine",
    "Family",
    "Figure",
    "LabelledFigure",
    "Sparsity",
    "SpecError",
    "Specs",
    "System",
    "Topology",
    "load_specs",
]


def load_specs(path: str | Path) -> Specs:
    """Read and validate the data file at ``path`` (see ``loader.py``)."""
    return loader.load(Path(path))


def main(argv: list[str]) -> int:
    path = argv[0] if argv else "_data/hardware.toml"
    try:
        specs = load_specs(path)
    except SpecError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"{path}: OK ({len(specs.chips)} chips, {len(specs.cores)} NeuronCores, {len(specs.systems)} systems)")
    return 0
