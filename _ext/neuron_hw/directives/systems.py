"""``instance-sizes``: the sizes of one instance family and its UltraServers, with computed totals.

Each row compares the sizes in one unit, chosen for the row by ``units.line_unit``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from docutils import nodes

from .. import levels, units
from ..data import SYSTEM_FIGURES, TOTAL_LABELS, Figure, System
from ..tables import NOT_APPLICABLE, NOT_PUBLISHED
from ..vocabulary import SCALED_TOTALS, compute_row_label
from .base import SpecDirective
from .cells import figures_unit, in_unit, total_in

if TYPE_CHECKING:
    from sphinx.application import Sphinx


# The scope of every row, said once in the caption; a row whose figure is per chip says so itself.
SCOPE = "per instance or UltraServer"


class InstanceSizes(SpecDirective):
    """``.. instance-sizes:: trn2`` -- every size of one family, one column per size.

    Compute, device memory, memory bandwidth and (where the chip has a per-chip figure) EFA
    totals are computed as chips x per-chip figure. A size without a figure a row shows gets
    ``n/a`` where the data rules the figure out for it, ``n/p`` where no source gives it.
    """

    def run(self) -> list[nodes.Node]:
        family = self.lookup(self.specs.families, self.arguments[0], "instance family")
        if family is None:
            return []
        specs = self.specs
        chip = specs.chips[family.chip]
        systems = specs.systems_of(family.id)
        table = self.new_table(f"{family.name} sizes ({SCOPE})")

        def figure_row(label, get, why=lambda s: NOT_PUBLISHED):
            """A row, if any size has the figure; a size without it gets the mark ``why(size)`` says."""
            cells = [get(s) for s in systems]
            if all(c is None for c in cells):
                return None
            return [label, *(table.absent(why(s)) if c is None else c for s, c in zip(systems, cells, strict=True))]

        def ultraserver_only(system: System) -> str:
            # Servers and the server type describe an UltraServer; an instance is one server.
            return NOT_APPLICABLE if system.kind == "instance" else NOT_PUBLISHED

        def chip_to_chip(system: System) -> str:
            # NeuronLink joins chips: a size with one chip has no link to another.
            chips = system.figures.get("chips")
            return NOT_APPLICABLE if chips is not None and chips.value == 1 else NOT_PUBLISHED

        servers_of = {u.server for u in specs.systems.values() if u.kind == "ultraserver" and u.server}

        def between_servers(system: System) -> str:
            # NeuronLink between servers joins the servers of an UltraServer: an instance no UltraServer
            # is built from has none (AWS's Trn2 table says not applicable for trn2.48xlarge).
            standalone = system.kind == "instance" and system.id not in servers_of and "chips" in system.figures
            return NOT_APPLICABLE if standalone else NOT_PUBLISHED

        def efa_status(system: System) -> str:
            return levels.system_efa(specs, system)[1]

        def totals(key: str):
            """The row of a computed total, in the unit that reads best across the sizes."""
            figures: list[Figure | None] = [specs.totals(s).get(key) for s in systems]
            unit = figures_unit(figures) if any(figures) else None

            def get(system: System):
                figure = specs.totals(system).get(key)
                if figure is None or unit is None or unit == figure.unit:
                    return self.total_cell(table, system, key)
                return total_in(table, system, key, unit)

            return get

        def fig(key):
            """The row of a figure each size has, in one unit across the sizes."""
            figures: list[Figure | None] = [s.figures.get(key) for s in systems]
            unit = figures_unit(figures) if any(figures) else None

            def get(system):
                figure = system.figures.get(key)
                return None if figure is None or unit is None else in_unit(table, figure, unit)

            return get

        def efa():
            """EFA bandwidth: AWS's figure for a size, else the computed total, in one unit."""
            figures: list[Figure | None] = [s.figures.get("efa") or specs.totals(s).get("efa") for s in systems]
            unit = figures_unit(figures) if any(figures) else None

            def get(system: System):
                if "efa" in system.figures and unit is not None:
                    return in_unit(table, system.figures["efa"], unit)
                figure = specs.totals(system).get("efa")
                if figure is None or unit is None or unit == figure.unit:
                    return self.efa_cell(table, system)
                return total_in(table, system, "efa", unit)

            return get

        rows = [
            figure_row("Servers", fig("servers"), ultraserver_only),
            figure_row("Server type", lambda s: s.server, ultraserver_only),
            figure_row(f"{chip.name} chips", fig("chips")),
            figure_row("NeuronCores (physical)", lambda s: _opt(specs.physical_cores(s))),
        ]
        if chip.lnc_default:
            rows.append(
                figure_row(
                    f"Logical NeuronCores at the default LNC={chip.lnc_default}",
                    lambda s: _opt(specs.logical_cores(s)),
                )
            )
        rows += [figure_row("Host vCPUs", fig("vcpus")), figure_row("Host memory", fig("host_memory"))]
        rows += [figure_row(compute_row_label(f), totals(f"compute.{k}")) for k, f in chip.compute.items()]
        rows += [figure_row(TOTAL_LABELS[k], totals(k)) for k in SCALED_TOTALS]
        rows.append(figure_row(SYSTEM_FIGURES["neuronlink"][0], fig("neuronlink"), chip_to_chip))
        rows.append(figure_row(SYSTEM_FIGURES["neuronlink_inter"][0], fig("neuronlink_inter"), between_servers))
        rows.append(figure_row("EFA bandwidth", efa(), efa_status))
        rows.append(figure_row(SYSTEM_FIGURES["network"][0], fig("network")))
        # The row is shown wherever a system the sources describe (one with a chip count) exists:
        # a host processor no source names is not published.
        rows.append(
            figure_row(
                "Host CPU", lambda s: s.host_cpu or (table.absent(NOT_PUBLISHED) if "chips" in s.figures else None)
            )
        )
        rows = list(filter(None, rows))
        header = ["Quantity", *(table.cell(s.name, s.note) for s in systems)]
        return table.build(header, rows)


def _opt(cores: int | None) -> str | None:
    return None if cores is None else units.format_number(Decimal(cores))


def setup(app: Sphinx) -> None:
    app.add_directive("instance-sizes", InstanceSizes)
