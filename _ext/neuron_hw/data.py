"""Load and validate the hardware data file (TOML) into frozen records.

Every problem is reported as a :class:`SpecError` naming the file, the entry and what was
expected, so a bad edit stops the build with a readable message instead of a wrong table.

Run as a script to validate a data file without building the site::

    python _ext/neuron_hw/data.py _data/hardware.toml
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

try:  # imported as part of the package (Sphinx) or run as a script
    from . import units
except ImportError:  # pragma: no cover - script mode
    import units  # type: ignore[no-redef]

try:
    from sphinx.errors import ExtensionError as _BaseError
except ImportError:  # pragma: no cover - validating without Sphinx installed
    _BaseError = Exception  # type: ignore[assignment,misc]


class SpecError(_BaseError):
    """The data file is malformed; the message says where and what was expected."""

    category = "Neuron hardware data error"


# -- Schema -------------------------------------------------------------------------------------
# figure key -> (row label, dimension its unit must measure)
CHIP_FIGURES = {
    "neuron_cores": ("NeuronCores", "count"),
    "device_memory": ("Device memory", "bytes"),
    "hbm_stacks": ("HBM stacks", "count"),
    "memory_bandwidth": ("Device memory bandwidth", "bytes per second"),
    "dma_bandwidth": ("DMA bandwidth", "bytes per second"),
    "dma_engines": ("DMA engines", "count"),
    "cc_cores": ("Collective-communication cores", "count"),
    "neuronlink_ports": ("NeuronLink ports", "count"),
    "neuronlink_bandwidth": ("NeuronLink bandwidth", "bytes per second"),
    "sbuf_total": ("On-chip SRAM (SBUF, all cores)", "bytes"),
    "memory_pool": ("Memory pool (chips sharing memory)", "chips"),
    "efa_per_chip": ("EFA bandwidth per chip", "bits per second"),
}
CORE_FIGURES = {
    "sbuf": ("State buffer (SBUF)", "bytes"),
    "psum": ("Partial-sum buffer (PSUM)", "bytes"),
    "partitions": ("SBUF and PSUM partitions", "count"),
    "systolic_array": ("Tensor Engine systolic array", "processing elements"),
    "dma_engines": ("DMA engines paired with the core", "count"),
    "gpsimd_processors": ("GPSIMD processors (512-bit)", "count"),
}
SYSTEM_FIGURES = {
    "servers": ("Servers", "count"),
    "chips": ("Chips", "count"),
    "vcpus": ("Host vCPUs", "count"),
    "host_memory": ("Host memory", "bytes"),
    "neuronlink": ("NeuronLink bandwidth per chip", "bytes per second"),
    "neuronlink_inter": ("NeuronLink between servers, per chip", "bytes per second"),
    "efa": ("EFA bandwidth", "bits per second"),
    "network": ("Network bandwidth (EC2 baseline)", "bits per second"),
}
RATE_DIMENSIONS = ("floating-point rate", "integer rate", "operations per cycle")
COMPUTE_MODES = ("dense", "sparse")
ENGINES = {"tensor": "Tensor Engine", "vector": "Vector Engine", "scalar": "Scalar Engine", "gpsimd": "GPSIMD Engine"}

# Totals that scale with the chip count: system total key -> chip figure key.
SCALED_TOTALS = {"device_memory": "device_memory", "memory_bandwidth": "memory_bandwidth", "efa": "efa_per_chip"}
TOTAL_LABELS = {"device_memory": "Device memory", "memory_bandwidth": "Device memory bandwidth", "efa": "EFA bandwidth"}


# -- Records ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Figure:
    value: Decimal
    unit: str
    source: str | None  # key into Specs.sources; None for a computed figure
    note: str | None = None
    types: tuple[str, ...] = ()  # compute figures: the data types the rate applies to
    mode: str = ""  # compute figures: "dense" or "sparse"
    derived_from: str | None = None  # computed figures: the per-chip key they scale
    derived: bool = False  # computed by this site from published figures (cited by `source`)

    def text(self) -> str:
        return units.format_quantity(self.value, self.unit)

    def compute_label(self) -> str:
        return f"{', '.join(self.types)} ({self.mode})"


@dataclass(frozen=True)
class LabelledFigure:
    """A stand-alone figure from [figures], for facts that belong to no chip, core or system."""

    id: str
    label: str
    figure: Figure


@dataclass(frozen=True)
class Chip:
    id: str
    name: str
    line: str
    line_generation: int
    ml_generation: int
    role: str
    core: str
    memory_type: str
    neuronlink: str
    page: str
    rounding: tuple[str, ...]
    figures: dict[str, Figure]
    compute: dict[str, Figure]
    lnc_default: int | None = None

    def figure(self, key: str) -> Figure | None:
        if key.startswith("compute."):
            return self.compute.get(key.removeprefix("compute."))
        return self.figures.get(key)


@dataclass(frozen=True)
class Engine:
    id: str
    name: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    clock: Figure | None
    throughput: tuple[Figure, ...]
    source: str | None = None  # where the engine's data types come from


@dataclass(frozen=True)
class Core:
    id: str
    name: str
    page: str
    figures: dict[str, Figure]
    engines: dict[str, Engine]


@dataclass(frozen=True)
class Family:
    id: str
    name: str
    chip: str
    page: str
    host_cpu: str | None


@dataclass(frozen=True)
class System:
    """An instance size or an UltraServer."""

    id: str
    name: str
    kind: str  # "instance" or "ultraserver"
    family: str
    chip: str
    figures: dict[str, Figure]
    published: dict[str, Figure]
    note: str | None = None
    server: str | None = None
    host_cpu: str | None = None


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    old_key: str
    new_key: str
    published: str | None


@dataclass(frozen=True)
class Comparison:
    id: str
    old: str
    new: str
    rows: tuple[ComparisonRow, ...]


# ring: each chip linked to the next and the last to the first; line: the same without the closing
# link; torus: a square grid whose rows and columns are rings; ultraserver-torus: one such torus in
# each server of an UltraServer, with the chips at the same position in every server in a ring.
TOPOLOGY_SHAPES = ("ring", "line", "torus", "ultraserver-torus")
GRID_SHAPES = ("torus", "ultraserver-torus")


@dataclass(frozen=True)
class Topology:
    """How the chips of one system are linked to each other, for ``topology-diagram``."""

    id: str
    system: str
    shape: str  # one of TOPOLOGY_SHAPES
    chips: int
    source: str
    side: str | None = None  # torus shapes: the [figures] id of the chips along each side
    servers: int | None = None  # ultraserver-torus: servers in the UltraServer
    link: str | None = None  # the [figures] id of the bandwidth of one drawn link


@dataclass(frozen=True)
class Specs:
    path: Path
    sources: dict[str, dict[str, str]]
    notes: dict[str, str]
    chips: dict[str, Chip]
    cores: dict[str, Core]
    families: dict[str, Family]
    systems: dict[str, System]
    comparisons: dict[str, Comparison] = field(default_factory=dict)
    figures: dict[str, LabelledFigure] = field(default_factory=dict)
    topologies: dict[str, Topology] = field(default_factory=dict)

    def chips_with_core(self, core_id: str) -> list[Chip]:
        return [chip for chip in self.chips.values() if chip.core == core_id]

    def systems_of(self, family_id: str) -> list[System]:
        return [s for s in self.systems.values() if s.family == family_id]

    def systems_with_chip(self, chip_id: str) -> list[System]:
        return [s for s in self.systems.values() if s.chip == chip_id]

    def totals(self, system: System) -> dict[str, Figure]:
        """Per-system totals computed as chip count x per-chip figure."""
        chips = system.figures.get("chips")
        if chips is None:
            return {}
        chip = self.chips[system.chip]
        scaled = {f"compute.{k}": f"compute.{k}" for k in chip.compute} | SCALED_TOTALS
        totals = {}
        for total_key, chip_key in scaled.items():
            per_chip = chip.figure(chip_key)
            if per_chip is not None:
                totals[total_key] = Figure(
                    chips.value * per_chip.value,
                    per_chip.unit,
                    None,
                    types=per_chip.types,
                    mode=per_chip.mode,
                    derived_from=chip_key,
                )
        return totals

    def logical_cores(self, system: System) -> int | None:
        """NeuronCores as software sees them at the chip's default Logical NeuronCore size."""
        physical = self.physical_cores(system)
        lnc = self.chips[system.chip].lnc_default or 1
        return None if physical is None else physical // lnc

    def physical_cores(self, system: System) -> int | None:
        chips = system.figures.get("chips")
        per_chip = self.chips[system.chip].figures["neuron_cores"]
        return None if chips is None else int(chips.value * per_chip.value)


# -- Loading ------------------------------------------------------------------------------------
class _Reader:
    """Validates one data file; every error message starts with the file and the entry."""

    def __init__(self, path: Path, raw: dict):
        self.path = path
        self.raw = raw
        self.sources = self._sources()
        self.notes = self._notes()

    def fail(self, where: str, message: str) -> SpecError:
        return SpecError(f"{self.path}: {where}: {message}")

    def section(self, name: str, required: bool = True) -> dict:
        value = self.raw.get(name, {})
        if not isinstance(value, dict) or (required and not value):
            return self._raise(f"[{name}]", "expected a table with at least one entry")
        return value

    def _raise(self, where: str, message: str):
        raise self.fail(where, message)

    def _sources(self) -> dict[str, dict[str, str]]:
        sources = self.section("sources")
        for key, entry in sources.items():
            if not (isinstance(entry, dict) and set(entry) == {"title", "url"}):
                self._raise(f"[sources] {key}", 'expected { title = "...", url = "..." }')
            if not entry["url"].startswith("https://"):
                self._raise(f"[sources] {key}", f"expected an https:// URL, got {entry['url']!r}")
        return sources

    def _notes(self) -> dict[str, str]:
        notes = self.section("notes")
        for key, text in notes.items():
            if not isinstance(text, str) or not text.strip():
                self._raise(f"[notes] {key}", "expected a non-empty string")
        return notes

    # -- field helpers ----------------------------------------------------------------------
    def text(self, where, table, key, kind=str, required=True):
        if key not in table:
            if required:
                self._raise(where, f"missing required key {key!r} ({kind.__name__})")
            return None
        value = table[key]
        if kind is tuple:
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                self._raise(f"{where} {key}", f"expected a list of strings, got {value!r}")
            return tuple(value)
        if not isinstance(value, kind) or isinstance(value, bool):
            self._raise(f"{where} {key}", f"expected {kind.__name__}, got {value!r}")
        return value

    def ref(self, where, table, key, targets: dict, what: str, required=True):
        value = self.text(where, table, key, str, required)
        if value is not None and value not in targets:
            known = ", ".join(sorted(targets)) or "none defined"
            self._raise(f"{where} {key}", f"{value!r} is not a known {what}; expected one of: {known}")
        return value

    def figure(self, where, raw, dim, default_source, compute=False) -> Figure:
        if not isinstance(raw, dict):
            self._raise(where, f'expected an inline table {{ value = <number>, unit = "..." }}, got {raw!r}')
        allowed = {"value", "unit", "source", "note", "derived"} | ({"types", "mode"} if compute else set())
        unknown = sorted(set(raw) - allowed)
        if unknown:
            self._raise(where, f"unknown key(s) {', '.join(unknown)}; expected only: {', '.join(sorted(allowed))}")
        value = raw.get("value")
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            self._raise(where, f"'value' must be a number, got {value!r}")
        if value < 0:
            self._raise(where, f"'value' must not be negative, got {value}")
        dims = (dim,) if isinstance(dim, str) else dim
        expected_units = [u for d in dims for u in units.units_of(d)]
        unit = raw.get("unit")
        if unit is None:
            self._raise(where, f"missing 'unit'; expected one of: {', '.join(expected_units)}")
        if unit not in expected_units:
            self._raise(where, f"unit {unit!r} is not valid here; expected one of: {', '.join(expected_units)}")
        source = raw.get("source", default_source)
        if source is None:
            self._raise(where, "no 'source' on the figure or on its table")
        if source not in self.sources:
            self._raise(where, f"source {source!r} is not defined in [sources]")
        note = raw.get("note")
        if note is not None and note not in self.notes:
            self._raise(where, f"note {note!r} is not defined in [notes]")
        derived = raw.get("derived", False)
        if not isinstance(derived, bool):
            self._raise(where, f"'derived' must be true or false, got {derived!r}")
        if derived and "derived" not in self.notes:
            self._raise(where, "a derived figure needs a [notes] entry 'derived' explaining what that means")
        extra = {}
        if compute:
            extra["types"] = self.text(where, raw, "types", tuple)
            extra["mode"] = self.text(where, raw, "mode", str)
            if extra["mode"] not in COMPUTE_MODES:
                self._raise(f"{where} mode", f"expected one of {', '.join(COMPUTE_MODES)}, got {extra['mode']!r}")
        return Figure(Decimal(value), unit, source, note, derived=derived, **extra)

    def figures(self, where, table, schema, default_source, skip) -> dict[str, Figure]:
        out = {}
        for key, raw in table.items():
            if key in skip:
                continue
            if key not in schema:
                expected = ", ".join(sorted(set(schema) | set(skip)))
                self._raise(f"{where} {key}", f"unknown key; expected one of: {expected}")
            out[key] = self.figure(f"{where} {key}", raw, schema[key][1], default_source)
        return out

    def compute(self, where, raw, default_source) -> dict[str, Figure]:
        if not isinstance(raw, dict):
            self._raise(f"{where} compute", "expected a table of compute figures")
        return {
            k: self.figure(f"{where} compute.{k}", v, RATE_DIMENSIONS, default_source, compute=True)
            for k, v in raw.items()
        }

    # -- sections ---------------------------------------------------------------------------
    def chips(self, cores: dict) -> dict[str, Chip]:
        text_keys = {
            "name",
            "line",
            "line_generation",
            "ml_generation",
            "role",
            "core",
            "memory_type",
            "neuronlink",
            "page",
            "rounding",
            "lnc_default",
            "source",
            "compute",
        }
        chips = {}
        for cid, t in self.section("chips").items():
            where = f"[chips.{cid}]"
            src = self.ref(where, t, "source", self.sources, "source", required=False)
            chips[cid] = Chip(
                id=cid,
                name=self.text(where, t, "name"),
                line=self.text(where, t, "line"),
                line_generation=self.text(where, t, "line_generation", int),
                ml_generation=self.text(where, t, "ml_generation", int),
                role=self.text(where, t, "role"),
                core=self.ref(where, t, "core", cores, "NeuronCore in [cores]"),
                memory_type=self.text(where, t, "memory_type"),
                neuronlink=self.text(where, t, "neuronlink"),
                page=self.text(where, t, "page"),
                rounding=self.text(where, t, "rounding", tuple),
                lnc_default=self.text(where, t, "lnc_default", int, required=False),
                figures=self.figures(where, t, CHIP_FIGURES, src, text_keys),
                compute=self.compute(where, t.get("compute", {}), src),
            )
            if "neuron_cores" not in chips[cid].figures:
                self._raise(where, "missing required figure 'neuron_cores'")
        return chips

    def cores(self) -> dict[str, Core]:
        cores = {}
        for cid, t in self.section("cores").items():
            where = f"[cores.{cid}]"
            src = self.ref(where, t, "source", self.sources, "source", required=False)
            engines = {}
            for eid, e in t.get("engines", {}).items():
                ewhere = f"{where} engines.{eid}"
                if eid not in ENGINES:
                    self._raise(ewhere, f"unknown engine; expected one of: {', '.join(ENGINES)}")
                esrc = self.ref(ewhere, e, "source", self.sources, "source", required=False) or src
                unknown = set(e) - {"inputs", "outputs", "clock", "throughput", "source"}
                if unknown:
                    self._raise(ewhere, f"unknown key(s) {', '.join(sorted(unknown))}")
                throughput = e.get("throughput", [])
                if not isinstance(throughput, list):
                    self._raise(f"{ewhere} throughput", "expected a list of compute figures")
                engines[eid] = Engine(
                    id=eid,
                    name=ENGINES[eid],
                    inputs=self.text(ewhere, e, "inputs", tuple),
                    outputs=self.text(ewhere, e, "outputs", tuple, required=False) or (),
                    clock=self.figure(f"{ewhere} clock", e["clock"], "frequency", esrc) if "clock" in e else None,
                    throughput=tuple(
                        self.figure(f"{ewhere} throughput[{i}]", f, RATE_DIMENSIONS, esrc, compute=True)
                        for i, f in enumerate(throughput)
                    ),
                    source=esrc,
                )
            cores[cid] = Core(
                id=cid,
                name=self.text(where, t, "name"),
                page=self.text(where, t, "page"),
                figures=self.figures(where, t, CORE_FIGURES, src, {"name", "page", "source", "engines"}),
                engines=engines,
            )
        return cores

    def families(self, chips: dict) -> dict[str, Family]:
        families = {}
        for fid, t in self.section("families").items():
            where = f"[families.{fid}]"
            unknown = set(t) - {"name", "chip", "page", "host_cpu"}
            if unknown:
                self._raise(where, f"unknown key(s) {', '.join(sorted(unknown))}; expected name, chip, page, host_cpu")
            families[fid] = Family(
                id=fid,
                name=self.text(where, t, "name"),
                chip=self.ref(where, t, "chip", chips, "chip in [chips]"),
                page=self.text(where, t, "page"),
                host_cpu=self.text(where, t, "host_cpu", required=False),
            )
        return families

    def systems(self, chips: dict, families: dict) -> dict[str, System]:
        text_keys = {"family", "source", "published", "note", "name", "server", "host_cpu"}
        systems = {}
        for kind, section in (("instance", "instances"), ("ultraserver", "ultraservers")):
            for sid, t in self.section(section).items():
                where = f'[{section}."{sid}"]'
                family = self.ref(where, t, "family", families, "instance family in [families]")
                chip = chips[families[family].chip]
                src = self.ref(where, t, "source", self.sources, "source", required=False)
                note = self.ref(where, t, "note", self.notes, "note in [notes]", required=False)
                published = {}
                for key, raw in t.get("published", {}).items():
                    pwhere = f"{where} published.{key}"
                    if key.startswith("compute."):
                        if chip.figure(key) is None:
                            self._raise(pwhere, f"{chip.name} has no figure {key!r} to compute this total from")
                        dim = units.dimension(chip.figure(key).unit)
                    elif key in SCALED_TOTALS:
                        dim = CHIP_FIGURES[SCALED_TOTALS[key]][1]
                    else:
                        self._raise(pwhere, f"unknown total; expected compute.<key>, {', '.join(SCALED_TOTALS)}")
                    published[key] = self.figure(pwhere, raw, dim, src)
                if kind == "ultraserver":
                    server = self.ref(where, t, "server", self.raw.get("instances", {}), "instance", required=False)
                else:
                    server = None
                if sid in systems:
                    self._raise(where, "defined both as an instance and as an UltraServer")
                systems[sid] = System(
                    id=sid,
                    name=self.text(where, t, "name", required=False) or sid,
                    kind=kind,
                    family=family,
                    chip=chip.id,
                    figures=self.figures(where, t, SYSTEM_FIGURES, src, text_keys),
                    published=published,
                    note=note,
                    server=server,
                    host_cpu=self.text(where, t, "host_cpu", required=False) or families[family].host_cpu,
                )
        return systems

    def comparisons(self, chips: dict) -> dict[str, Comparison]:
        out = {}
        for cid, t in self.section("comparisons", required=False).items():
            where = f"[comparisons.{cid}]"
            old = chips[self.ref(where, t, "old", chips, "chip in [chips]")]
            new = chips[self.ref(where, t, "new", chips, "chip in [chips]")]
            rows = []
            for i, row in enumerate(t.get("rows", [])):
                rwhere = f"{where} rows[{i}]"
                key = row.get("key")
                old_key, new_key = row.get("old", key), row.get("new", key)
                for chip, k in ((old, old_key), (new, new_key)):
                    if k is None or chip.figure(k) is None:
                        self._raise(rwhere, f"{chip.name} has no figure {k!r}; give 'key' or 'old'/'new'")
                o, n = old.figure(old_key), new.figure(new_key)
                if units.dimension(o.unit) != units.dimension(n.unit):
                    self._raise(rwhere, f"cannot compare {o.unit} with {n.unit}")
                rows.append(
                    ComparisonRow(
                        self.text(rwhere, row, "label"),
                        old_key,
                        new_key,
                        self.text(rwhere, row, "published", required=False),
                    )
                )
            out[cid] = Comparison(cid, old.id, new.id, tuple(rows))
        return out

    def labelled_figures(self) -> dict[str, LabelledFigure]:
        out = {}
        for fid, t in self.section("figures", required=False).items():
            where = f'[figures."{fid}"]'
            if not isinstance(t, dict):
                self._raise(where, "expected a table { label, value, unit, source }")
            label = self.text(where, t, "label")
            raw = {k: v for k, v in t.items() if k != "label"}
            out[fid] = LabelledFigure(
                fid, label, self.figure(where, raw, tuple({d for d, _ in units.UNITS.values()}), None)
            )
        return out

    def topologies(self, systems: dict[str, System], figures: dict[str, LabelledFigure]) -> dict[str, Topology]:
        out = {}
        for tid, t in self.section("topologies", required=False).items():
            where = f"[topologies.{tid}]"
            if not isinstance(t, dict):
                self._raise(where, "expected a table { system, shape, source, ... }")
            unknown = set(t) - {"system", "shape", "side", "link", "source"}
            if unknown:
                self._raise(
                    where, f"unknown key(s) {', '.join(sorted(unknown))}; expected system, shape, side, link, source"
                )
            system = systems[self.ref(where, t, "system", systems, "instance or UltraServer")]
            shape = self.text(where, t, "shape")
            if shape not in TOPOLOGY_SHAPES:
                self._raise(f"{where} shape", f"expected one of {', '.join(TOPOLOGY_SHAPES)}, got {shape!r}")
            chips = system.figures.get("chips")
            if chips is None or chips.value < 2:
                self._raise(where, f"{system.name} needs at least two chips to have a topology")
            side = self.ref(where, t, "side", figures, "figure in [figures]", required=shape in GRID_SHAPES)
            if side is not None and figures[side].figure.unit != "count":
                self._raise(f"{where} side", f"expected a count of chips, got a figure in {figures[side].figure.unit}")
            servers = None
            if shape == "ultraserver-torus":
                if "servers" not in system.figures:
                    self._raise(f"{where} system", f"{system.name} is not an UltraServer with a 'servers' count")
                servers = int(system.figures["servers"].value)
            if shape in GRID_SHAPES:
                n = figures[side].figure.value
                if (servers or 1) * n**2 != chips.value:
                    per = f"{servers} servers of " if servers else ""
                    self._raise(
                        f"{where} side",
                        f"{per}a torus of {n} x {n} chips does not match the {chips.value} chips of {system.name}",
                    )
            link = self.ref(where, t, "link", figures, "figure in [figures]", required=False)
            if link is not None and units.dimension(figures[link].figure.unit) != units.dimension("GiB/s"):
                self._raise(f"{where} link", f"expected a bandwidth figure, got one in {figures[link].figure.unit}")
            out[tid] = Topology(
                id=tid,
                system=system.id,
                shape=shape,
                chips=int(chips.value),
                source=self.ref(where, t, "source", self.sources, "source"),
                side=side if shape in GRID_SHAPES else None,
                servers=servers,
                link=link,
            )
        return out


def load_specs(path: str | Path) -> Specs:
    """Read and validate the data file at ``path``."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh, parse_float=Decimal)
    except FileNotFoundError:
        raise SpecError(f"{path}: data file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{path}: not valid TOML: {exc}") from None
    unknown = set(raw) - {
        "sources",
        "notes",
        "chips",
        "cores",
        "families",
        "instances",
        "ultraservers",
        "comparisons",
        "figures",
        "topologies",
    }
    if unknown:
        raise SpecError(f"{path}: unknown top-level table(s) {', '.join(sorted(unknown))}")
    reader = _Reader(path, raw)
    cores = reader.cores()
    chips = reader.chips(cores)
    families = reader.families(chips)
    systems = reader.systems(chips, families)
    figures = reader.labelled_figures()
    specs = Specs(
        path=path,
        sources=reader.sources,
        notes=reader.notes,
        chips=chips,
        cores=cores,
        families=families,
        systems=systems,
        comparisons=reader.comparisons(chips),
        figures=figures,
        topologies=reader.topologies(systems, figures),
    )
    check_published_totals(specs)
    return specs


def check_published_totals(specs: Specs) -> None:
    """Every total AWS publishes must equal the computed one (chips x per-chip figure) to the
    published precision, unless a note explains the difference; a note on a total that matches
    is stale and fails too."""
    for system in specs.systems.values():
        totals = specs.totals(system)
        where = f'[{"ultraservers" if system.kind == "ultraserver" else "instances"}."{system.id}"]'
        for key, published in system.published.items():
            computed = totals.get(key)
            if computed is None:
                raise SpecError(f"{specs.path}: {where} published.{key}: no computed total to check it against")
            value = units.convert(computed.value, computed.unit, published.unit)
            matches = units.matches_published(value, published.value)
            if not matches and not published.note:
                raise SpecError(
                    f"{specs.path}: {where} published.{key}: AWS's {published.text()} does not match the computed "
                    f"{units.format_quantity(value, published.unit)} (chips x per-chip figure); fix the value or "
                    "add a `note` explaining the difference"
                )
            if matches and published.note:
                raise SpecError(
                    f"{specs.path}: {where} published.{key}: note {published.note!r} explains a difference, but the "
                    f"published {published.text()} matches the computed total; remove the note"
                )


def main(argv: list[str]) -> int:
    path = argv[0] if argv else "_data/hardware.toml"
    try:
        specs = load_specs(path)
    except SpecError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"{path}: OK ({len(specs.chips)} chips, {len(specs.cores)} NeuronCores, {len(specs.systems)} systems)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
