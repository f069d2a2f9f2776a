"""Directives and the ``spec`` role that render the hardware data as tables and inline values."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from . import diagrams, units
from .data import CHIP_FIGURES, CORE_FIGURES, SYSTEM_FIGURES, TOTAL_LABELS, Chip, Core, Figure, System
from .store import specs_for
from .tables import MISSING, SpecTable, page_ref

if TYPE_CHECKING:
    from .data import Specs

logger = logging.getLogger(__name__)


def _warn(message: str, location, subtype: str) -> None:
    logger.warning(message, location=location, type="neuron_hw", subtype=subtype)


def compute_row_label(figure: Figure) -> str:
    return f"Compute, {', '.join(figure.types)} ({figure.mode})"


def tensor_rate(core: Core, dtype: str, mode: str = "dense") -> Figure | None:
    """The Tensor Engine throughput that applies to ``dtype`` in ``mode``, if published."""
    tensor = core.engines.get("tensor")
    for figure in tensor.throughput if tensor else ():
        if dtype in figure.types and figure.mode == mode:
            return figure
    return None


class SpecDirective(SphinxDirective):
    """Base class: access to the data (noted as a page dependency) and id lookups that warn."""

    required_arguments = 1
    kind: ClassVar[str] = ""

    @property
    def specs(self) -> Specs:
        return specs_for(self.env)

    def lookup(self, mapping: dict, key: str, what: str):
        if key not in mapping:
            _warn(
                f"unknown {what} {key!r} in {self.name!r}; known: {', '.join(mapping)}",
                self.get_location(),
                "unknown_id",
            )
            return None
        return mapping[key]

    def new_table(self, title: str) -> SpecTable:
        return SpecTable(self.specs, f"spec-table-{self.env.new_serialno('neuron-hw')}", title)

    def ref(self, label: str, text: str):
        return page_ref(label, text, self.env.docname)

    def total_cell(
        self, table: SpecTable, system: System, key: str, unit: str | None = None, converted_note: str | None = None
    ) -> list[nodes.Node] | None:
        """A computed total (chips x per-chip figure).

        The total carries the per-chip figure's note (a conflict over the chip figure is a conflict
        over every total computed from it) and, where AWS publishes the total differently, the
        note explaining that. A total AWS does not publish for a system whose other totals it does
        publish is marked as computed by this site. With ``unit``, a total in another unit is
        converted, rounded to three significant figures and marked with ``converted_note``.
        """
        figure = self.specs.totals(system).get(key)
        if figure is None:
            return None
        per_chip = self.specs.chips[system.chip].figure(figure.derived_from)
        table.cite(system.figures["chips"].source, per_chip.source)
        published = system.published.get(key)
        text, converted = figure.text(), unit is not None and unit != figure.unit
        if converted:
            value = units.convert(figure.value, figure.unit, unit)
            value = value.quantize(Decimal(1).scaleb(value.adjusted() - 2))  # three significant figures
            text = units.format_quantity(value, unit)
        # AWS publishes no total for this row (INT8 on Inf2 and Trn1, sparse on Trn3): say it is ours.
        ours = "derived" if published is None and system.published else None
        return table.cell(
            text, per_chip.note, published.note if published else None, ours, converted_note if converted else None
        )


class ChipSpecs(SpecDirective):
    """``.. chip-specs:: trainium2`` -- everything the data holds about one chip."""

    def run(self) -> list[nodes.Node]:
        chip: Chip | None = self.lookup(self.specs.chips, self.arguments[0], "chip")
        if chip is None:
            return []
        specs, table = self.specs, self.new_table(f"{chip.name} specifications (per chip)")
        core = specs.cores[chip.core]
        rows = [
            (
                "Generation",
                table.cell(
                    f"{units.ordinal(chip.line_generation)} {chip.line} chip; "
                    f"{units.ordinal(chip.ml_generation)} generation of AWS ML chips",
                    "generation",
                ),
            ),
            ("Designed for", chip.role),
            (
                "NeuronCores",
                [nodes.Text(f"{chip.figures['neuron_cores'].text()} \u00d7 "), self.ref(core.page, core.name)],
            ),
        ]
        table.cite(chip.figures["neuron_cores"].source)
        rows += [(compute_row_label(f), table.figure(f)) for f in chip.compute.values()]
        for key, (label, _dim) in CHIP_FIGURES.items():
            if key != "neuron_cores" and key in chip.figures:
                rows.append((label, table.figure(chip.figures[key])))
            if key == "device_memory":
                rows.append(("Device memory type", chip.memory_type))
            if key == "neuronlink_ports":
                rows.append(("Chip-to-chip interconnect", chip.neuronlink))
        rows.append(("Rounding modes", ", ".join(chip.rounding)))
        if chip.lnc_default:
            rows.append(("Default Logical NeuronCore size", f"{chip.lnc_default} physical cores"))
        rows.append(("Instances", self._instances(chip)))
        return table.build(["Quantity", "Value"], [[label, value] for label, value in rows])

    def _instances(self, chip: Chip) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for family in (f for f in self.specs.families.values() if f.chip == chip.id):
            if out:
                out.append(nodes.Text("; "))
            names = ", ".join(s.name for s in self.specs.systems_of(family.id))
            out += [self.ref(family.page, family.name), nodes.Text(f": {names}")]
        return out or [nodes.Text(MISSING)]


class NeuronCoreSpecs(SpecDirective):
    """``.. neuroncore-specs:: v3`` -- on-chip memory and structure of one NeuronCore version."""

    def run(self) -> list[nodes.Node]:
        core: Core | None = self.lookup(self.specs.cores, self.arguments[0], "NeuronCore")
        if core is None:
            return []
        table = self.new_table(f"{core.name} specifications (per NeuronCore)")
        chips: list[nodes.Node] = []
        for chip in self.specs.chips_with_core(core.id):
            if chips:
                chips.append(nodes.Text(", "))
            chips.append(self.ref(chip.page, chip.name))
            chips.append(nodes.Text(f" ({chip.figures['neuron_cores'].text()} per chip)"))
            table.cite(chip.figures["neuron_cores"].source)
        rows = [["Used in", chips]]
        for key, (label, _dim) in CORE_FIGURES.items():
            if key in core.figures:
                figure = core.figures[key]
                if key == "systolic_array":
                    table.cite(figure.source)
                    side = units.format_number(figure.value)
                    rows.append([label, table.cell(f"{side} \u00d7 {side} processing elements", figure.note)])
                else:
                    rows.append([label, table.figure(figure)])
        engines = ", ".join(engine.name for engine in core.engines.values())
        rows.append(["Compute engines", engines])
        return table.build(["Quantity", "Value"], rows)


class NeuronCoreEngines(SpecDirective):
    """``.. neuroncore-engines:: v3`` -- one row per engine: throughput, data types, clock."""

    def run(self) -> list[nodes.Node]:
        core: Core | None = self.lookup(self.specs.cores, self.arguments[0], "NeuronCore")
        if core is None:
            return []
        table = self.new_table(f"{core.name} compute engines (per NeuronCore)")
        rows = []
        for engine in core.engines.values():
            throughput: list[nodes.Node] = []
            for figure in engine.throughput:
                if throughput:
                    throughput.append(nodes.Text("; "))
                throughput += table.cell(f"{figure.text()} {', '.join(figure.types)} ({figure.mode})", figure.note)
                table.cite(figure.source)
            table.cite(engine.source)  # the data types, even where no figure of the engine is published
            rows.append(
                [
                    engine.name,
                    throughput or MISSING,
                    ", ".join(engine.inputs),
                    ", ".join(engine.outputs) or MISSING,
                    table.figure(engine.clock),
                ]
            )
        return table.build(["Engine", "Peak throughput", "Data types", "Output types", "Clock"], rows)


class InstanceSizes(SpecDirective):
    """``.. instance-sizes:: trn2`` -- every size of one family, one column per size.

    Compute, device memory, memory bandwidth and (where the chip has a per-chip figure) EFA
    totals are computed as chips x per-chip figure.
    """

    NOT_PUBLISHED: ClassVar[str] = "not published"

    def run(self) -> list[nodes.Node]:
        family = self.lookup(self.specs.families, self.arguments[0], "instance family")
        if family is None:
            return []
        specs = self.specs
        chip = specs.chips[family.chip]
        systems = specs.systems_of(family.id)
        table = self.new_table(f"{family.name} sizes")

        def figure_row(label, get):
            cells = [get(s) for s in systems]
            return None if all(c is None for c in cells) else [label, *cells]

        def total_cell(system: System, key: str):
            return self.total_cell(table, system, key)

        def fig(key):
            def get(system):
                figure = system.figures.get(key)
                return None if figure is None else table.figure(figure)

            return get

        rows = [
            figure_row("Servers", fig("servers")),
            figure_row("Server type", lambda s: s.server),
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
        rows += [
            figure_row(compute_row_label(f), lambda s, k=f"compute.{k}": total_cell(s, k))
            for k, f in chip.compute.items()
        ]
        rows += [
            figure_row(TOTAL_LABELS[k], lambda s, k=k: total_cell(s, k)) for k in ("device_memory", "memory_bandwidth")
        ]
        for key in ("neuronlink", "neuronlink_inter"):
            rows.append(figure_row(SYSTEM_FIGURES[key][0], fig(key)))
        rows.append(figure_row("EFA bandwidth", lambda s: fig("efa")(s) or total_cell(s, "efa")))
        rows.append(figure_row(SYSTEM_FIGURES["network"][0], fig("network")))
        # A specified system (one with a chip count) whose host processor no source names says so,
        # rather than showing the dash that elsewhere means "none" or "does not apply".
        rows.append(
            figure_row("Host CPU", lambda s: s.host_cpu or (self.NOT_PUBLISHED if "chips" in s.figures else None))
        )
        rows = [
            [label, *(cell if cell is not None else MISSING for cell in cells)] for label, *cells in filter(None, rows)
        ]
        header = ["Quantity", *(table.cell(s.name, s.note) for s in systems)]
        return table.build(header, rows)


def _opt(cores: int | None) -> str | None:
    return None if cores is None else units.format_number(Decimal(cores))


class InstanceOverview(SpecDirective):
    """``.. instance-overview::`` -- every instance size and UltraServer, one row each."""

    required_arguments = 0
    # One unit for the whole memory-bandwidth column; AWS publishes some families in GiB/s.
    BANDWIDTH_UNIT: ClassVar[str] = "TB/s"
    BANDWIDTH_CONVERTED_NOTE: ClassVar[str] = "bandwidth-converted"
    LNC_DEFAULT_UNKNOWN_NOTE: ClassVar[str] = "lnc-default-not-published"

    def run(self) -> list[nodes.Node]:
        specs = self.specs
        table = self.new_table("Neuron instance sizes and UltraServers")
        # LNC arrived with the first chip that has a default LNC size and applies to every later
        # generation; a later chip without a published default gets "not published", an earlier
        # chip (no LNC) counts each physical core as one.
        lnc_from = min((c.ml_generation for c in specs.chips.values() if c.lnc_default), default=None)

        def logical(system: System, chip: Chip):
            if specs.physical_cores(system) is None:
                return MISSING
            if not chip.lnc_default and lnc_from is not None and chip.ml_generation >= lnc_from:
                return table.cell(InstanceSizes.NOT_PUBLISHED, self.LNC_DEFAULT_UNKNOWN_NOTE)
            return _opt(specs.logical_cores(system))

        rows = []
        for system in specs.systems.values():
            family, chip = specs.families[system.family], specs.chips[system.chip]

            def total(key, unit=None, system=system):
                cell = self.total_cell(table, system, key, unit, self.BANDWIDTH_CONVERTED_NOTE)
                return cell or MISSING

            rows.append(
                [
                    table.cell(system.name, system.note),
                    self.ref(family.page, family.name),
                    self.ref(chip.page, chip.name),
                    table.figure(system.figures.get("chips")),
                    _opt(specs.physical_cores(system)) or MISSING,
                    logical(system, chip),
                    total("compute.bf16"),
                    total("device_memory"),
                    total("memory_bandwidth", self.BANDWIDTH_UNIT),
                    table.figure(system.figures.get("efa")) if "efa" in system.figures else total("efa"),
                    table.figure(system.figures.get("network")),
                ]
            )
        header = [
            "Instance or UltraServer",
            "Family",
            "Chip",
            "Chips",
            "NeuronCores (physical)",
            "Logical NeuronCores (default LNC)",
            "FP16/BF16 dense compute",
            "Device memory",
            "Memory bandwidth",
            "EFA",
            "Network (EC2 baseline)",
        ]
        return table.build(header, rows)


class ChipComparison(SpecDirective):
    """``.. chip-comparison:: trainium3-vs-trainium2`` -- computed improvement factors."""

    def run(self) -> list[nodes.Node]:
        comparison = self.lookup(self.specs.comparisons, self.arguments[0], "comparison")
        if comparison is None:
            return []
        old, new = self.specs.chips[comparison.old], self.specs.chips[comparison.new]
        table = self.new_table(f"{new.name} compared with {old.name} (per chip)")
        rows = []
        for row in comparison.rows:
            o, n = old.figure(row.old_key), new.figure(row.new_key)
            factor = units.convert(n.value, n.unit, o.unit) / o.value
            rows.append(
                [row.label, table.figure(o), table.figure(n), units.format_factor(factor), row.published or MISSING]
            )
        header = ["Quantity", old.name, new.name, "Factor (computed)", "Factor stated by AWS"]
        return table.build(header, rows)


class NeuronCoreOverview(SpecDirective):
    """``.. neuroncore-overview::`` -- all NeuronCore versions side by side."""

    required_arguments = 0

    def run(self) -> list[nodes.Node]:
        specs = self.specs
        cores = list(specs.cores.values())
        table = self.new_table("NeuronCore versions side by side (per NeuronCore)")

        def chips_of(core):
            out: list[nodes.Node] = []
            for chip in specs.chips_with_core(core.id):
                if out:
                    out.append(nodes.Text(", "))
                out.append(self.ref(chip.page, chip.name))
            return out

        def per_chip(core):
            counts = {c.figures["neuron_cores"].text() for c in specs.chips_with_core(core.id)}
            return " or ".join(sorted(counts))

        def rate(core, dtypes, mode="dense"):
            for dtype in dtypes:
                figure = tensor_rate(core, dtype, mode)
                if figure is not None:
                    return table.cell(f"{figure.text()} ({dtype})", figure.note) + _cite(table, figure)
            return MISSING

        def fig(core, key):
            return table.figure(core.figures.get(key))

        def engine_clock(core, engine):
            return table.figure(core.engines[engine].clock) if engine in core.engines else MISSING

        rows = [
            ["Chips", *(chips_of(c) for c in cores)],
            ["NeuronCores per chip", *(per_chip(c) for c in cores)],
            [
                "Compute engines",
                *(", ".join(e.name.removesuffix(" Engine") for e in c.engines.values()) for c in cores),
            ],
            ["SBUF", *(fig(c, "sbuf") for c in cores)],
            ["PSUM", *(fig(c, "psum") for c in cores)],
            ["Tensor Engine, BF16 (dense)", *(rate(c, ["BF16"]) for c in cores)],
            ["Tensor Engine, 8-bit float (dense)", *(rate(c, ["MXFP8", "FP8", "cFP8"]) for c in cores)],
            ["Tensor Engine, FP32 (dense)", *(rate(c, ["FP32"]) for c in cores)],
            ["Tensor Engine, sparse", *(rate(c, ["BF16"], "sparse") for c in cores)],
            ["Tensor Engine clock", *(engine_clock(c, "tensor") for c in cores)],
            [
                "Stochastic rounding",
                *(
                    "yes" if any("stochastic rounding" in ch.rounding for ch in specs.chips_with_core(c.id)) else "no"
                    for c in cores
                ),
            ],
        ]
        return table.build(["", *(c.name for c in cores)], rows)


def _cite(table: SpecTable, figure: Figure) -> list[nodes.Node]:
    table.cite(figure.source)
    return []


class FigureTable(SpecDirective):
    """``.. figure-table:: trn3.pcie.`` -- the [figures] entries whose id starts with the prefix."""

    option_spec: ClassVar[dict] = {"title": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        prefix = self.arguments[0]
        entries = [f for fid, f in self.specs.figures.items() if fid.startswith(prefix)]
        if not entries:
            _warn(f"no [figures] entry starts with {prefix!r}", self.get_location(), "unknown_id")
            return []
        table = self.new_table(self.options.get("title", "Figures"))
        rows = [[entry.label, table.figure(entry.figure)] for entry in entries]
        return table.build(["Quantity", "Value"], rows)


class SpecNote(SpecDirective):
    """``.. spec-note:: note-id`` -- a data-file note as an admonition in the page's prose."""

    def run(self) -> list[nodes.Node]:
        text = self.lookup(self.specs.notes, self.arguments[0], "note")
        if text is None:
            return []
        admonition = nodes.note()
        admonition += nodes.paragraph(text, text)
        return [admonition]


class Sources(SpecDirective):
    """``.. sources:: rt-config feat-lnc`` -- a section's sources line, titles and links from [sources].

    Pages cite by key, so a source's title and URL live once in the data file.
    """

    has_content = False
    required_arguments = 1
    optional_arguments = 50

    def run(self) -> list[nodes.Node]:
        para = nodes.paragraph(classes=["spec-sources"])
        para += nodes.strong("Sources: ", "Sources: ")
        cited = 0
        for key in self.arguments:
            source = self.lookup(self.specs.sources, key.rstrip(","), "source")
            if source is None:
                continue
            if cited:
                para += nodes.Text("; ")
            para += nodes.reference(source["title"], source["title"], refuri=source["url"])
            cited += 1
        para += nodes.Text(".")
        return [para] if cited else []


SHAPE_WORDS = {
    "ring": "a ring",
    "line": "a line",
    "torus": "a 2D torus",
    "ultraserver-torus": "a torus in each server and rings across the servers",
}


class TopologyDiagram(SpecDirective):
    """``.. topology-diagram:: trn2-48xlarge`` -- a [topologies] entry drawn as an inline SVG figure."""

    def drawing(self, topology, side: int | None) -> diagrams.Drawing:
        if topology.shape == "ring":
            return diagrams.ring(topology.chips)
        if topology.shape == "line":
            return diagrams.line(topology.chips)
        if topology.shape == "torus":
            return diagrams.torus(side)
        system = self.specs.systems[topology.system]
        server = self.specs.systems[system.server].name if system.server else "server"
        return diagrams.ultraserver(topology.servers, side, server)

    def run(self) -> list[nodes.Node]:
        topology = self.lookup(self.specs.topologies, self.arguments[0], "topology")
        if topology is None:
            return []
        system = self.specs.systems[topology.system]
        chip = self.specs.chips[system.chip]
        side = int(self.specs.figures[topology.side].figure.value) if topology.side else None
        link = self.specs.figures[topology.link].figure.text() if topology.link else None
        title = f"{system.name}: {topology.chips} {chip.name} chips linked in {SHAPE_WORDS[topology.shape]}"
        svg = diagrams.render(
            self.drawing(topology, side),
            ident=f"topology-{topology.id}",
            title=title,
            description=diagrams.describe(topology.shape, topology.chips, chip.name, side, topology.servers),
            link_label=link,
        )
        figure = nodes.figure(classes=["nhd-topology-figure"])
        figure += nodes.raw("", svg, format="html")
        source = self.specs.sources[topology.source]
        caption = nodes.caption()
        caption += nodes.Text(f"{title}. Source: ")
        caption += nodes.reference(source["title"], source["title"], refuri=source["url"])
        caption += nodes.Text(".")
        figure += caption
        return [figure]


class SpecRole(SphinxRole):
    """``:spec:`chip:trainium2:device_memory``` -> "96 GiB".

    Paths: ``chip:<id>:<figure|compute.<key>|name|line|role|memory_type|neuronlink|line_generation|
    ml_generation>``, ``core:<id>:<figure|name|tensor.<TYPE>[.sparse]|<engine>.clock>``,
    ``system:<id>:<figure|total.<key>|cores|logical_cores|name>``, ``factor:<new>:<old>:<key>``,
    ``figure:<id>`` (an entry of [figures]).
    Append ``|ordinal`` to spell out a generation number ("second").
    """

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        path, _, fmt = self.text.partition("|")
        try:
            text = resolve(specs_for(self.env), path, fmt)
        except LookupError as exc:
            _warn(f"spec role: {exc}", self.get_location(), "unknown_ref")
            return [nodes.inline(self.rawtext, self.text, classes=["spec-error"])], []
        return [nodes.inline(text, text, classes=["spec-value"])], []


def resolve(specs: Specs, path: str, fmt: str = "") -> str:
    kind, _, rest = path.partition(":")
    ident, _, key = rest.rpartition(":") if kind != "figure" else (rest, "", "")
    value = _resolve(specs, kind, ident, key)
    if fmt == "ordinal":
        if not isinstance(value, int):
            raise LookupError(f"{path!r} is not a whole number, cannot format it as an ordinal")
        return units.ordinal(value)
    if fmt:
        raise LookupError(f"unknown format {fmt!r}; expected 'ordinal'")
    if isinstance(value, Figure):
        return value.text()
    return str(value)


def _resolve(specs: Specs, kind: str, ident: str, key: str):
    def get(mapping: dict, what: str):
        if ident not in mapping:
            raise LookupError(f"unknown {what} {ident!r}; known: {', '.join(mapping)}")
        return mapping[ident]

    if kind == "chip":
        chip = get(specs.chips, "chip")
        value = chip.figure(key) if key.startswith("compute.") else chip.figures.get(key, getattr(chip, key, None))
    elif kind == "core":
        core = get(specs.cores, "NeuronCore")
        engine, _, attr = key.partition(".")
        if engine == "tensor" and attr and attr != "clock":
            dtype, _, mode = attr.partition(".")
            value = tensor_rate(core, dtype, mode or "dense")
        elif engine in core.engines and attr == "clock":
            value = core.engines[engine].clock
        else:
            value = core.figures.get(key, getattr(core, key, None) if key in ("name",) else None)
    elif kind == "system":
        system = get(specs.systems, "instance or UltraServer")
        if key.startswith("total."):
            value = specs.totals(system).get(key.removeprefix("total."))
        elif key == "cores":
            value = specs.physical_cores(system)
        elif key == "logical_cores":
            value = specs.logical_cores(system)
        else:
            value = system.figures.get(key, system.name if key == "name" else None)
    elif kind == "figure":
        value = get(specs.figures, "figure in [figures]").figure
    elif kind == "factor":
        new_id, _, old_id = ident.partition(":")
        new, old = specs.chips.get(new_id), specs.chips.get(old_id)
        if new is None or old is None:
            raise LookupError(f"unknown chip in {ident!r}")
        n, o = new.figure(key), old.figure(key)
        if n is None or o is None:
            raise LookupError(f"{key!r} is not a figure of both {new_id} and {old_id}")
        return units.format_factor(units.convert(n.value, n.unit, o.unit) / o.value)
    else:
        raise LookupError(f"unknown kind {kind!r}; expected chip, core, system, figure or factor")
    if value is None or isinstance(value, (dict, tuple)):
        raise LookupError(f"{kind} {ident!r} has no value {key!r}")
    return value


DIRECTIVES = {
    "chip-specs": ChipSpecs,
    "chip-comparison": ChipComparison,
    "figure-table": FigureTable,
    "instance-overview": InstanceOverview,
    "instance-sizes": InstanceSizes,
    "neuroncore-engines": NeuronCoreEngines,
    "neuroncore-overview": NeuronCoreOverview,
    "neuroncore-specs": NeuronCoreSpecs,
    "sources": Sources,
    "spec-note": SpecNote,
    "topology-diagram": TopologyDiagram,
}
