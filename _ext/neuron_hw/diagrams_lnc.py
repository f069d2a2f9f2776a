"""How an instance numbers its Logical NeuronCores, drawn as inline SVG from the data.

For an instance of a chip with Logical NeuronCores, a few devices are drawn in full (the first two
and the last; every device when there are three or fewer): each device's memory stacks, the
physical cores under each stack, the number each physical core has at LNC=1, and the outline and
number of each logical core at the largest LNC size.  The counts are the data's: devices per
instance, physical cores and memory stacks per chip, cores per stack and the LNC sizes.

What AWS documents is drawn upright: which numbers a device owns at each size (``d`` times the
logical cores per chip, up to the next device's first number), and that the physical cores sharing
a stack make one logical core at LNC=2.  Which physical core carries which number inside a device
is not documented; the drawing numbers them in order, in italics, and says so under the drawing and
in its description.
"""

from __future__ import annotations

from dataclasses import dataclass

from .diagrams_svg import box, close_svg, n, open_svg, text
from .entity_figures import EntityFigures
from .levels import lnc_support
from .specs import Chip, Specs, System

WIDTH = 340  # narrower than a 390 px phone's article column, so never scaled down
PAD = 4  # from the edge of the drawing to a device's outline
LABEL_W = 50  # the row names (LNC=1, LNC=2) at the left of a device
HEAD_H = 22  # a device's name line
STACK_H = 20  # a memory stack
CORE_H = 22  # a physical core
GROUP_H = 18  # the band under a logical core's physical cores, with its number
GAP = 6
LINE = 16  # a line of notes under the drawing


@dataclass(frozen=True)
class Numbering:
    """What the drawing shows of one instance, read from the data."""

    system: str  # the instance's name
    chip: str
    core: str  # the physical core's name
    devices: int
    cores: int  # physical cores per device
    stacks: int | None
    cores_per_stack: int | None  # where the data says how many cores share a stack
    sizes: tuple[int, ...]  # LNC sizes, smallest first
    sources: tuple[str, ...]

    def logical(self, size: int) -> int:
        """Logical cores per device at LNC=``size``."""
        return self.cores // size

    def owned(self, device: int, size: int) -> range:
        """The logical core numbers device ``device`` owns at LNC=``size``."""
        per = self.logical(size)
        return range(device * per, (device + 1) * per)

    @property
    def shown(self) -> list[int | None]:
        """The devices drawn in full, in order; None where the others are left out."""
        if self.devices <= 3:
            return list(range(self.devices))
        return [0, 1, None, self.devices - 1]

    @property
    def grouped(self) -> bool:
        """Whether each logical core at the largest size is the cores that share one stack."""
        return bool(self.stacks and self.cores_per_stack and self.cores_per_stack == self.sizes[-1])


def numbering(specs: Specs, system: System) -> Numbering | None:
    """The instance's numbering, or None when its chip has no Logical NeuronCores or no chip count."""
    chip: Chip = specs.chips[system.chip]
    support = lnc_support(specs, chip)
    devices = system.figures.get("chips")
    if not support.applies or devices is None or len(support.sizes) < 2:
        return None
    read = EntityFigures(specs, "chip", chip, used=[devices])
    figure, used = read.figure, read.used

    cores = figure("neuron_cores")
    assert cores is not None  # every chip has it (the model requires it)
    stacks, share = figure("hbm_stacks"), figure("cores-per-hbm-stack")
    sources = [f.source for f in used if f.source]
    if support.source:
        sources.append(support.source)
    return Numbering(
        system=system.name,
        chip=chip.name,
        core=specs.cores[chip.core].name,
        devices=int(devices.value),
        cores=int(cores.value),
        stacks=int(stacks.value) if stacks is not None else None,
        cores_per_stack=int(share.value) if share is not None else None,
        sizes=support.sizes,
        sources=tuple(dict.fromkeys(sources)),
    )


def _span(numbers: range) -> str:
    return f"{numbers[0]}" if len(numbers) == 1 else f"{numbers[0]}–{numbers[-1]}"


def _numbers(per: int) -> str:
    """The numbers device d owns when it has ``per`` logical cores: "4d to 4d+3"."""
    return f"{per}d to {per}d+{per - 1}" if per > 1 else "d"


def rule(parts: Numbering) -> list[str]:
    """The numbering rule in words, one line per LNC size, largest first."""
    lines = ["Rule: device d owns the logical cores"]
    for size in reversed(parts.sizes):
        lines.append(f"{_numbers(parts.logical(size))} at LNC={size}")
    return lines


def notes(parts: Numbering) -> list[str]:
    """The lines under the drawing: the rule, what is documented and what is not."""
    largest = parts.sizes[-1]
    lines = rule(parts)
    if parts.grouped:
        lines += [
            f"Each memory stack serves {parts.cores_per_stack} physical cores;",
            f"at LNC={largest} they make one logical core.",
        ]
    else:
        lines += [f"Which cores make one logical core at LNC={largest}:", "not published."]
    lines += [
        "Not documented: which physical core has which",
        "number inside a device. Drawn in order, in italics.",
    ]
    return lines


def describe(parts: Numbering) -> str:
    """The drawing in words, for screen readers and every writer but HTML."""
    largest = parts.sizes[-1]
    out = [
        f"Logical NeuronCore numbering on {parts.system}: {parts.devices} {parts.chip} devices of "
        + f"{parts.cores} physical {parts.core} cores each."
    ]
    for size in reversed(parts.sizes):
        out.append(
            f"At LNC={size} each device shows {parts.logical(size)} logical cores, "
            f"{parts.devices * parts.logical(size)} in all: {rule_for(parts, size)}"
        )
    if parts.grouped:
        out.append(
            f"Each of a device's {parts.stacks} memory stacks is shared by {parts.cores_per_stack} physical cores, "
            f"and at LNC={largest} the cores that share a stack make one logical core."
        )
    else:
        out.append(f"Which physical cores make one logical core at LNC={largest} is not published.")
    full = [str(d) for d in parts.shown if d is not None]
    drawn = f"devices {', '.join(full[:-1])} and {full[-1]}" if len(full) > 1 else f"device {full[0]}"
    if None in parts.shown:
        drawn += (
            f"; devices 2 to {parts.devices - 2} are numbered the same way" if parts.devices > 4 else "; device 2 too"
        )
    out.append(
        f"Drawn in full: {drawn}. AWS does not document which physical core carries which number inside a device; "
        "the drawing numbers them in order, in italics."
    )
    return " ".join(out)


def rule_for(parts: Numbering, size: int) -> str:
    last = parts.owned(parts.devices - 1, size)
    first = parts.owned(0, size)
    return (
        f"device d owns numbers {_numbers(parts.logical(size))}, so device 0 has {_span(first)} "
        f"and device {parts.devices - 1} has {_span(last)}."
    )


def _device(parts: Numbering, device: int, y: float) -> tuple[list[str], float]:
    """One device: its name and numbers, stacks, physical cores and logical cores; its height."""
    small, largest = parts.sizes[0], parts.sizes[-1]
    x0, width = PAD, WIDTH - 2 * PAD
    left = x0 + LABEL_W
    inner = width - LABEL_W - GAP
    spans = ", ".join(f"LNC={s}: {_span(parts.owned(device, s))}" for s in reversed(parts.sizes))
    body: list[str] = [text(x0 + 8, y + HEAD_H / 2 + 2, f"Device {device}", css="nhd-blocks__heading")]
    body.append(text(x0 + width - 8, y + HEAD_H / 2 + 2, spans, anchor="end", css="nhd-lnc__owned"))
    row = y + HEAD_H + 4
    if parts.stacks:
        pitch = inner / parts.stacks
        for s in range(parts.stacks):
            body.append(box(left + s * pitch + 2, row, pitch - 4, STACK_H, "nhd-blocks__memory", ["HBM"]))
        row += STACK_H + GAP
    if not parts.grouped and parts.stacks:
        body.append(text(x0 + 8, row - GAP / 2 - STACK_H / 2, "HBM", css="nhd-blocks__small"))
    body.append(text(x0 + 8, row + CORE_H / 2, f"LNC={small}", css="nhd-blocks__small"))
    body.append(text(x0 + 8, row + CORE_H + GAP / 2 + GROUP_H / 2, f"LNC={largest}", css="nhd-blocks__small"))
    groups = parts.logical(largest)
    pitch = inner / groups
    core_w = (pitch - 4 - (largest + 1) * 3) / largest
    for g in range(groups):
        gx = left + g * pitch + 2
        body.append(
            f'<rect class="nhd-lnc__group" x="{n(gx)}" y="{n(row - 3)}" width="{n(pitch - 4)}" '
            f'height="{n(CORE_H + GAP / 2 + GROUP_H + 3)}" rx="5"/>'
        )
        for k in range(largest):
            number = device * parts.cores + g * largest + k
            cx = gx + 3 + k * (core_w + 3)
            body.append(
                box(
                    cx,
                    row,
                    core_w,
                    CORE_H,
                    "nhd-blocks__core nhd-lnc__core",
                    [str(number)],
                    data=f'data-lnc1="{number}"',
                )
            )
        logical = device * groups + g
        body.append(
            f'<text class="nhd-lnc__logical" data-lnc{largest}="{logical}" x="{n(gx + (pitch - 4) / 2)}" '
            f'y="{n(row + CORE_H + GAP / 2 + GROUP_H / 2)}" dy="0.35em" text-anchor="middle">{logical}</text>'
        )
    bottom = row + CORE_H + GAP / 2 + GROUP_H + 6
    outline = (
        f'<rect class="nhd-blocks__chip" x="{n(x0)}" y="{n(y)}" width="{n(width)}" height="{n(bottom - y)}" rx="6"/>'
    )
    return [f'<g class="nhd-lnc__device" data-device="{device}">', outline, *body, "</g>"], bottom - y


def render(parts: Numbering, *, ident: str, title: str, description: str) -> str:
    """The drawing as an accessible inline ``<svg>`` element."""
    body: list[str] = []
    y: float = PAD
    for device in parts.shown:
        if device is None:
            between = f"devices 2 to {parts.devices - 2}" if parts.devices > 4 else "device 2"
            words = f"… {between}, numbered the same way …"
            body.append(text(WIDTH / 2, y + 12, words, anchor="middle", css="nhd-blocks__small"))
            y += 26
            continue
        drawn, height = _device(parts, device, y)
        body.extend(drawn)
        y += height + GAP
    body.append(
        f'<rect class="nhd-lnc__group" x="{n(PAD)}" y="{n(y + 2)}" width="24" height="14" rx="4"/>'
        + text(PAD + 32, y + 9, f"logical core at LNC={parts.sizes[-1]}, its number below", css="nhd-blocks__small")
    )
    y += LINE + 6
    for i, line in enumerate(notes(parts)):
        css = "nhd-blocks__small" if i >= len(parts.sizes) + 1 else "nhd-lnc__rule"
        body.append(text(PAD, y + LINE / 2, line, css=css))
        y += LINE
    height = y + PAD
    parts_svg = open_svg("nhd-lnc", WIDTH, height, ident, title, description)
    return close_svg([*parts_svg, *body])
