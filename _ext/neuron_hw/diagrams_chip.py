"""A chip's block diagram, drawn as inline SVG from the chip's figures in the data.

What is drawn follows the data and nothing else: one block per NeuronCore, the device memory as
its stacks (each beside the cores that share it when the data says how many cores share a stack,
otherwise in a row of their own, with a line saying the pairing is not published), the DMA engines
and the collective-communication cores as counted boxes, and one box per NeuronLink port.  A part
without a figure is not drawn, and the description says so.  The host PCIe interface has no
figure in the data, so it is never drawn, and the description says that too.
"""

from __future__ import annotations

from dataclasses import dataclass

from .diagrams_svg import WIDTH, box, close_svg, fits, open_svg, text
from .entity_figures import EntityFigures
from .specs import Chip, Figure, Specs

PAD = 4  # from the edge of the drawing to the chip's outline
INSET = 12  # from the edge of the drawing to the blocks inside the outline
GAP = 8  # between two blocks
CORE_H = 40  # a NeuronCore block
STACK_W = 56  # a memory stack beside the cores
ROW_H = 40  # a row of DMA, CC-Core or NeuronLink boxes
TEXT_ROW = 18  # a line of text between the rows


@dataclass(frozen=True)
class ChipParts:
    """The parts of one chip the drawing shows, read from the data (None: no figure)."""

    name: str
    core: str  # the NeuronCore's name, e.g. NeuronCore-v3
    cores: int
    memory_type: str
    memory: str  # device memory, as written
    memory_bandwidth: str | None
    stacks: int | None
    per_stack: str | None  # capacity of one stack, as written
    cores_per_stack: int | None  # physical cores that share one stack, where published
    dma_engines: int | None
    dma_bandwidth: str | None
    cc_cores: int | None
    link: str  # the NeuronLink generation's name
    ports: int | None
    port_word: str  # "ports", or "blocks" where only AWS's chip diagram counts them
    link_bandwidth: str | None
    sources: tuple[str, ...]  # keys of [sources] the drawn figures come from, in order of use
    noted: frozenset[str] = frozenset()  # keys of the drawn figures that carry a note in the chip's table

    @property
    def paired(self) -> bool:
        """Whether the data says which cores share each stack (and the counts agree)."""
        stacks, share = self.stacks, self.cores_per_stack
        return bool(stacks and share and stacks * share == self.cores and stacks % 2 == 0 and self.cores % 2 == 0)


def _count(figure: Figure | None) -> int | None:
    return None if figure is None else int(figure.value)


def chip_parts(specs: Specs, chip: Chip) -> ChipParts:
    """The chip's drawn parts, each from its figure in ``specs``."""
    read = EntityFigures(specs, "chip", chip)
    figure, written, used = read.figure, read.written, read.used

    cores = figure("neuron_cores")
    assert cores is not None  # every chip has it (the model requires it)
    memory = figure("device_memory")
    ports = figure("neuronlink_ports") or figure("neuronlink-blocks")
    parts = ChipParts(
        name=chip.name,
        core=specs.cores[chip.core].name,
        cores=int(cores.value),
        memory_type=chip.memory_type,
        memory=memory.text() if memory is not None else "",
        memory_bandwidth=written("memory_bandwidth"),
        stacks=_count(figure("hbm_stacks")),
        per_stack=written("hbm-per-stack"),
        cores_per_stack=_count(figure("cores-per-hbm-stack")),
        dma_engines=_count(figure("dma_engines")),
        dma_bandwidth=written("dma_bandwidth"),
        cc_cores=_count(figure("cc_cores")),
        link=chip.neuronlink,
        # the chip's port count, or the blocks AWS's chip diagram shows where no count is given
        ports=_count(ports),
        port_word="ports" if chip.figures.get("neuronlink_ports") else "blocks",
        link_bandwidth=written("neuronlink_bandwidth"),
        sources=tuple(dict.fromkeys(f.source for f in used if f.source)),
        noted=frozenset(key for key, found in chip.figures.items() if found.note and found in used),
    )
    return parts


NOTED = " (the table above qualifies this figure with a note)"


def describe(parts: ChipParts) -> str:
    """The drawing in words: what is drawn, and what is not and why.

    A figure the chip's table prints with a note (a conflict between AWS's documents, a split, a
    unit) says so here too, so that the words never state it more firmly than the table does.
    """

    def noted(*keys: str) -> str:
        return NOTED if any(key in parts.noted for key in keys) else ""

    out = [f"Block diagram of {parts.name}: {parts.cores} {parts.core} cores."]
    memory = f"{parts.memory} of {parts.memory_type} device memory"
    if parts.memory_bandwidth:
        memory += f" with {parts.memory_bandwidth} of bandwidth"
    memory += noted("device_memory", "memory_bandwidth", "hbm_stacks")
    if parts.stacks and parts.paired:
        size = f" of {parts.per_stack}" if parts.per_stack else ""
        out.append(
            f"{memory}, in {parts.stacks} stacks{size}; each stack sits beside the {parts.cores_per_stack} "
            f"cores that share it, half of the stacks on each side of the cores."
        )
    elif parts.stacks:
        size = f" of {parts.per_stack}" if parts.per_stack else ""
        out.append(
            f"{memory}, in {parts.stacks} stacks{size}, drawn in a row below the cores: which cores use which "
            f"stack is not published."
        )
    else:
        out.append(f"{memory}, drawn as one block: the number of memory stacks or devices is not published.")
    if parts.dma_engines:
        rate = f", {parts.dma_bandwidth} in total" if parts.dma_bandwidth else ""
        out.append(f"{parts.dma_engines} DMA engines{rate}{noted('dma_engines', 'dma_bandwidth')}.")
    else:
        out.append("The number of DMA engines is not published, so they are not drawn.")
    if parts.cc_cores:
        qualified = "; the table above qualifies this figure with a note" if noted("cc_cores") else ""
        out.append(f"{parts.cc_cores} collective-communication cores (CC-Cores{qualified}).")
    else:
        out.append("No count of collective-communication cores is published, so none are drawn.")
    if parts.ports:
        rate = f", {parts.link_bandwidth} per chip in all" if parts.link_bandwidth else ""
        drawn = "" if parts.port_word == "ports" else " (the blocks AWS's chip diagram shows; no port count is given)"
        out.append(
            f"{parts.ports} {parts.link} {parts.port_word}{drawn}{rate}"
            f"{noted('neuronlink_ports', 'neuronlink_bandwidth')}."
        )
    else:
        out.append(f"The number of {parts.link} ports is not published, so none are drawn.")
    out.append("The host PCIe interface is not drawn: this site's data holds no figure for it.")
    return " ".join(out)


def _row(count: int, y: float, css: str, label: str, prefix: str) -> list[str]:
    """``count`` equal boxes across the inside of the outline, labelled ``label 0``, ``label 1``..."""
    inner = WIDTH - 2 * INSET
    w = (inner - (count - 1) * GAP) / count
    return [
        box(INSET + i * (w + GAP), y, w, ROW_H, css, [f"{label} {i}"], data=f'data-{prefix}="{i}"')
        for i in range(count)
    ]


def _core_lines(name: str, width: float) -> list[str]:
    """The core's name in its block, on two lines (``NeuronCore`` / ``v3``) when one is too wide."""
    if fits([name], width - 10) or "-" not in name:
        return [name]
    head, _, tail = name.rpartition("-")
    return [head, tail]


def render(parts: ChipParts, *, ident: str, title: str, description: str) -> str:
    """The chip as an accessible inline ``<svg>``; every count drawn comes from ``parts``."""
    body: list[str] = []
    inner = WIDTH - 2 * INSET
    y = PAD + 6
    body.append(text(INSET, y + TEXT_ROW / 2, parts.name, css="nhd-blocks__heading"))
    y += TEXT_ROW + 2
    if parts.ports:
        rate = f", {parts.link_bandwidth} per chip" if parts.link_bandwidth else ""
        body.append(
            text(
                INSET, y + TEXT_ROW / 2, f"{parts.ports} {parts.link} {parts.port_word}{rate}", css="nhd-blocks__small"
            )
        )
        y += TEXT_ROW
        body.extend(_row(parts.ports, y, "nhd-blocks__link", "port", "port"))
        y += ROW_H + GAP
    # The NeuronCores, and the memory stacks beside them when the pairing is published.
    columns = 2 if parts.cores > 1 else 1
    rows = -(-parts.cores // columns)
    side = STACK_W + GAP if parts.paired else 0
    core_w = (inner - 2 * side - (columns - 1) * GAP) / columns
    top = y
    for i in range(parts.cores):
        column, row = divmod(i, rows)
        x = INSET + side + column * (core_w + GAP)
        body.append(
            box(
                x,
                top + row * (CORE_H + GAP),
                core_w,
                CORE_H,
                "nhd-blocks__core",
                _core_lines(parts.core, core_w),
                data=f'data-core="{i}"',
            )
        )
    y = top + rows * (CORE_H + GAP)
    if parts.stacks and parts.paired and parts.cores_per_stack:
        per_side = parts.stacks // 2
        span = parts.cores_per_stack * (CORE_H + GAP) - GAP
        for k in range(parts.stacks):
            left = k < per_side
            x = INSET if left else WIDTH - INSET - STACK_W
            sy = top + (k % per_side) * (span + GAP)
            lines = [parts.memory_type, parts.per_stack] if parts.per_stack else [parts.memory_type]
            body.append(box(x, sy, STACK_W, span, "nhd-blocks__memory", lines, data=f'data-stack="{k}"'))
    elif parts.stacks:
        body.append(
            text(INSET, y + TEXT_ROW / 2 - 2, "Which cores use which stack: not published", css="nhd-blocks__small")
        )
        y += TEXT_ROW
        label = f"{parts.memory_type} {parts.per_stack}" if parts.per_stack else parts.memory_type
        body.extend(_row(parts.stacks, y, "nhd-blocks__memory", label, "stack"))
        y += ROW_H + GAP
    else:
        body.append(
            box(
                INSET,
                y,
                inner,
                ROW_H,
                "nhd-blocks__memory",
                [f"{parts.memory_type} device memory", "stacks or devices: not published"],
            )
        )
        y += ROW_H + GAP
    # DMA engines and CC-Cores, counted rather than drawn one by one.
    blocks = []
    if parts.dma_engines:
        blocks.append(("nhd-blocks__dma", [f"{parts.dma_engines} DMA engines", parts.dma_bandwidth or ""]))
    if parts.cc_cores:
        blocks.append(("nhd-blocks__cc", [f"{parts.cc_cores} CC-Cores", "collectives"]))
    if blocks:
        w = (inner - (len(blocks) - 1) * GAP) / len(blocks)
        for i, (css, lines) in enumerate(blocks):
            body.append(box(INSET + i * (w + GAP), y, w, ROW_H, css, [line for line in lines if line]))
        y += ROW_H + GAP
    memory = f"Device memory: {parts.memory} {parts.memory_type}"
    if parts.memory_bandwidth:
        memory += f", {parts.memory_bandwidth}"
    body.append(text(INSET, y + TEXT_ROW / 2 - 2, memory, css="nhd-blocks__small"))
    y += TEXT_ROW
    height = y + PAD
    outline = (
        f'<rect class="nhd-blocks__chip" x="{PAD}" y="{PAD}" width="{WIDTH - 2 * PAD}" '
        f'height="{height - 2 * PAD:.1f}" rx="8"/>'
    )
    head = open_svg("nhd-blocks--chip", WIDTH, height, ident, title, description)
    return close_svg([*head, outline, *body])
