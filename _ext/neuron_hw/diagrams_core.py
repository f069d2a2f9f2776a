"""A NeuronCore's engines and on-chip memories, drawn as inline SVG from the core's data.

From top to bottom: device memory, the state buffer (SBUF), one block per compute engine the data
lists for the core, and the partial-sum buffer (PSUM), each memory with its size and partitions
from the data.  Arrows show which engine reads or writes which buffer: the core's
``memory_access`` in the data (``[cores.<id>]``), the connectivity AWS's NKI architecture guides
document for every core they cover (NeuronCore-v2 on), cited by its ``source``.  They are drawn
for a core whose data gives them and sizes its SBUF and PSUM, and the description says the same
in words; DMA moves data between device memory and SBUF.

For a core the guides do not cover (NeuronCore-v1) the drawing shows the engines and an on-chip
memory without a size, draws no path and says why.
"""

from __future__ import annotations

from dataclasses import dataclass

from .diagrams_svg import LINE, WIDTH, arrow, arrow_defs, box, close_svg, fits, open_svg, text
from .entity_figures import EntityFigures
from .specs import Core, Specs
from .vocabulary import ENGINES

INSET = 12
GAP = 8
MEMORY_H = 40  # SBUF, PSUM and device memory
ENGINE_H = 44
LANE = 34  # the vertical room between a memory and the engines, where the arrows run
READ, WRITE, READ_WRITE = "read", "write", "read-write"  # an engine's access to a memory (the data's words)
SHORT = {"tensor": "Tensor", "vector": "Vector", "scalar": "Scalar", "gpsimd": "GPSIMD"}


@dataclass(frozen=True)
class EngineBlock:
    id: str
    name: str  # short name drawn in the block
    lines: tuple[str, ...]  # figures drawn under the name (its clock)


@dataclass(frozen=True)
class CoreParts:
    name: str
    engines: tuple[EngineBlock, ...]
    sbuf: str | None  # size as written, None when not published
    psum: str | None
    partitions: int | None
    sbuf_partition: str | None  # capacity of one SBUF partition, as written
    psum_partition: str | None
    dma_engines: int | None
    memory_type: str  # of the chips built from the core (HBM, DDR)
    sources: tuple[str, ...]
    # engine -> (its access to SBUF, to PSUM): read, write, read-write or None; None: not in the data
    access: dict[str, tuple[str | None, str | None]] | None = None

    @property
    def paths(self) -> bool:
        """Whether the engines' paths to SBUF and PSUM are drawn (see the module's docstring)."""
        return self.sbuf is not None and self.psum is not None and self.access is not None


def core_parts(specs: Specs, core: Core) -> CoreParts:
    read = EntityFigures(specs, "core", core)
    figure, written, used = read.figure, read.written, read.used

    engines = []
    for engine_id in ENGINES:  # in the vocabulary's order: Tensor, Vector, Scalar, GPSIMD
        engine = core.engines.get(engine_id)
        if engine is None:
            continue
        lines = []
        if engine.clock is not None:  # a rate needs its data types beside it, which do not fit: the table has them
            used.append(engine.clock)
            lines.append(engine.clock.text())
        engines.append(EngineBlock(engine_id, SHORT.get(engine_id, engine.name), tuple(lines)))
    partitions = figure("partitions")
    memory_types = sorted({chip.memory_type for chip in specs.chips_with_core(core.id)})
    sbuf, psum = written("sbuf"), written("psum")
    found = [f.source for f in used]
    # the engines drawn: where the data has their types and rates
    found += [e.source or (e.throughput[0].source if e.throughput else None) for e in core.engines.values()]
    sources = [key for key in found if key]
    access = core.memory_access
    if sbuf is not None and psum is not None and access is not None:
        sources.append(access.source)
    return CoreParts(
        name=core.name,
        engines=tuple(engines),
        sbuf=sbuf,
        psum=psum,
        partitions=None if partitions is None else int(partitions.value),
        sbuf_partition=written("sbuf-partition"),
        psum_partition=written("psum-partition"),
        dma_engines=None if (dma := figure("dma_engines")) is None else int(dma.value),
        memory_type=" or ".join(memory_types) or "device memory",
        sources=tuple(dict.fromkeys(sources)),
        access=None if access is None else access.engines,
    )


def _memory_lines(name: str, size: str | None, partitions: int | None, per_partition: str | None) -> list[str]:
    first = f"{name} {size}" if size else f"{name}: size not published"
    if partitions and per_partition:
        return [first, f"{partitions} partitions \u00d7 {per_partition}"]
    if partitions:
        return [first, f"{partitions} partitions"]
    return [first]


def describe(parts: CoreParts) -> str:
    names = [ENGINES[e.id] for e in parts.engines]
    listed = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
    out = [f"{parts.name}: the {listed}"]
    if not parts.paths:
        memory = f"an SBUF of {parts.sbuf}" if parts.sbuf else "an on-chip memory whose size is not published"
        out[0] += f", beside {memory}."
        out.append(
            "Which engine reads or writes which part of that memory is not documented for this core, so no "
            "data paths are drawn."
        )
        return " ".join(out)
    sbuf = f"SBUF of {parts.sbuf}"
    psum = f"PSUM of {parts.psum}"
    if parts.partitions:
        sbuf += f" in {parts.partitions} partitions" + (f" of {parts.sbuf_partition}" if parts.sbuf_partition else "")
        psum += f" in {parts.partitions} partitions" + (f" of {parts.psum_partition}" if parts.psum_partition else "")
    out[0] += f", between an {sbuf} above them and a {psum} below."
    out += _access_sentences(parts)
    dma = (
        f"{parts.dma_engines} DMA engines" if parts.dma_engines else "DMA engines (how many per core is not published)"
    )
    out.append(f"{dma} move data between the device memory ({parts.memory_type}) and SBUF.")
    return " ".join(out)


# An access in words: (with one engine, with several).
VERBS = {READ: ("reads", "read"), WRITE: ("writes", "write"), READ_WRITE: ("reads and writes", "read and write")}


def _access_sentences(parts: CoreParts) -> list[str]:
    """One sentence per way of reaching SBUF and PSUM, naming the engines drawn that have it, in order:
    "The Tensor Engine reads SBUF and writes PSUM." """
    groups: dict[tuple[str | None, str | None], list[str]] = {}
    for engine in parts.engines:
        access = (parts.access or {}).get(engine.id, (None, None))
        if access != (None, None):
            groups.setdefault(access, []).append(ENGINES[engine.id])
    out = []
    for (sbuf, psum), names in groups.items():
        many = len(names) > 1
        who = "The " + (", ".join(names[:-1]) + " and " + names[-1] if many else names[0])
        if sbuf and psum and sbuf == psum:
            out.append(f"{who} {VERBS[sbuf][many]} both SBUF and PSUM.")
        elif sbuf and psum:
            out.append(f"{who} {VERBS[sbuf][many]} SBUF and {VERBS[psum][many]} PSUM.")
        else:
            has, lacks, only = ("SBUF", "PSUM", sbuf) if sbuf else ("PSUM", "SBUF", psum or READ)
            out.append(f"{who} {VERBS[only][many]} {has} only; {'they have' if many else 'it has'} no path to {lacks}.")
    return out


def render(parts: CoreParts, *, ident: str, title: str, description: str) -> str:
    """The core as an accessible inline ``<svg>``; sizes and engines come from ``parts``."""
    inner = WIDTH - 2 * INSET
    body: list[str] = [arrow_defs(ident)] if parts.paths else []
    y = 6.0
    body.append(
        box(
            INSET,
            y,
            inner,
            30,
            "nhd-blocks__memory nhd-blocks__memory--device",
            [f"Device memory ({parts.memory_type})"],
        )
    )
    dma_top = y + 30
    y += 30 + LANE
    if parts.paths:
        x = INSET + inner / 2
        body.append(arrow(ident, x, dma_top + 2, x, y - 2, both=True))
        label = f"DMA, {parts.dma_engines} engines" if parts.dma_engines else "DMA"
        body.append(text(x + 8, (dma_top + y) / 2, label, css="nhd-blocks__small"))
    sbuf_lines = (
        _memory_lines("SBUF", parts.sbuf, parts.partitions, parts.sbuf_partition)
        if parts.sbuf
        else ["On-chip SRAM", "size not published"]
    )
    body.append(
        box(
            INSET,
            y,
            inner,
            MEMORY_H,
            "nhd-blocks__memory nhd-blocks__memory--sbuf",
            sbuf_lines,
            data='data-memory="sbuf"',
        )
    )
    sbuf_bottom = y + MEMORY_H
    y = sbuf_bottom + (LANE if parts.paths else GAP)
    count = len(parts.engines)
    w = (inner - (count - 1) * GAP) / count
    engine_top = y
    for i, engine in enumerate(parts.engines):
        x = INSET + i * (w + GAP)
        lines = [engine.name] + [line for line in engine.lines if fits([line], w)]
        body.append(
            box(
                x,
                y,
                w,
                ENGINE_H,
                f"nhd-blocks__engine nhd-blocks__engine--{engine.id}",
                lines,
                data=f'data-engine="{engine.id}"',
            )
        )
    y += ENGINE_H
    if parts.paths:
        psum_top = y + LANE
        for i, engine in enumerate(parts.engines):
            cx = INSET + i * (w + GAP) + w / 2
            to_sbuf, to_psum = (parts.access or {}).get(engine.id, (None, None))
            if to_sbuf == READ:  # data flows down, from SBUF into the engine
                body.append(arrow(ident, cx, sbuf_bottom + 2, cx, engine_top - 2, both=False))
            elif to_sbuf == READ_WRITE:
                body.append(arrow(ident, cx, sbuf_bottom + 2, cx, engine_top - 2, both=True))
            if to_psum == WRITE:
                body.append(arrow(ident, cx, y + 2, cx, psum_top - 2, both=False))
            elif to_psum == READ_WRITE:
                body.append(arrow(ident, cx, y + 2, cx, psum_top - 2, both=True))
        y = psum_top
        body.append(
            box(
                INSET,
                y,
                inner,
                MEMORY_H,
                "nhd-blocks__memory nhd-blocks__memory--psum",
                _memory_lines("PSUM", parts.psum, parts.partitions, parts.psum_partition),
                data='data-memory="psum"',
            )
        )
        y += MEMORY_H + 6
        body.append(text(INSET, y + LINE / 2, "One head: one way. Two heads: read and write.", css="nhd-blocks__small"))
        y += LINE + 4
    else:
        y += 6
    height = y + 4
    head = open_svg("nhd-blocks--core", WIDTH, height, ident, title, description)
    return close_svg([*head, *body])
