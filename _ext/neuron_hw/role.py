"""The ``spec`` role and its small path language: one value of the data inside a sentence.

``:spec:`chip:trainium2:device_memory``` renders "96 GiB"; see :class:`SpecRole` for the paths.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxRole

from . import ids, levels, units
from .data import Figure, Sparsity
from .directives.base import factor_text, warn
from .store import specs_for
from .tables import page_notes
from .vocabulary import TENSOR, TOTAL_PREFIX

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .data import Specs


class SpecRole(SphinxRole):
    """``:spec:`chip:trainium2:device_memory``` -> "96 GiB".

    Paths: ``chip:<id>:<figure|compute.<key>|name|line|role|memory_type|neuronlink|line_generation|
    ml_generation>``, ``core:<id>:<figure|name|sparsity|tensor.<TYPE>[.sparse]|<engine>.clock>``,
    ``system:<id>:<figure|total.<key>|cores|logical_cores|name>``, ``factor:<new>:<old>:<key>``,
    ``family:<id>:<key>`` and ``software:<id>:<key>``; ``<key>`` may also be an extra figure of the
    entity (``chip:trainium2:hbm-per-stack`` is ``[chips.trainium2.extra.hbm-per-stack]``).
    Append ``|ordinal`` to spell out a generation number ("second").

    ``core:<id>:sparsity`` is the core's M:N sparsity patterns in the data's order, comma-separated
    ("4:16, 4:12, ..."). Like a name it is text, not a figure: no anchor, and, as for every value of
    the role, its note and source are left to the page (a ``spec-note`` and the section's sources).
    """

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        path, _, fmt = self.text.partition("|")
        specs = specs_for(self.env)
        try:
            text = resolve(specs, path, fmt)
        except LookupError as exc:
            warn(f"spec role: {exc}", self.get_location(), "unknown_ref")
            return [nodes.inline(self.rawtext, self.text, classes=["spec-error"])], []
        node = nodes.inline(text, text, classes=["spec-value"])
        figure_id = None if fmt else value_id(specs, path)
        if figure_id is not None:
            page_notes(self.env).mark(node, figure_id)
        return [node], []


def value_id(specs: Specs, path: str) -> str | None:
    """The stable id of the figure a path renders (``None`` for a name, a count or a factor)."""
    kind, _, rest = path.partition(":")
    ident, _, key = rest.rpartition(":")
    if kind == "factor":
        return None
    if kind == "system" and key.startswith(TOTAL_PREFIX):
        return path
    try:
        value = _resolve(specs, kind, ident, key)
    except LookupError:
        return None
    return ids.figure_id(specs, value) if isinstance(value, Figure) else None


def resolve(specs: Specs, path: str, fmt: str = "") -> str:
    kind, _, rest = path.partition(":")
    ident, _, key = rest.rpartition(":")
    value = _resolve(specs, kind, ident, key)
    if fmt == "ordinal":
        if not isinstance(value, int):
            raise LookupError(f"{path!r} is not a whole number, cannot format it as an ordinal")
        return units.ordinal(value)
    if fmt:
        raise LookupError(f"unknown format {fmt!r}; expected 'ordinal'")
    if isinstance(value, (Figure, Sparsity)):
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
        if engine == TENSOR and attr and attr != "clock":
            dtype, _, mode = attr.partition(".")
            value = levels.tensor_rate(core, (dtype,), mode or "dense")
        elif engine in core.engines and attr == "clock":
            value = core.engines[engine].clock
        elif key == "sparsity":
            if core.sparsity is None:
                listed = ", ".join(c.id for c in specs.cores.values() if c.sparsity) or "none"
                raise LookupError(
                    f"NeuronCore {ident!r} has no sparsity patterns in the data; cores with them: {listed}"
                )
            value = core.sparsity
        else:
            value = core.figures.get(key, getattr(core, key, None) if key in ("name",) else None)
    elif kind == "system":
        system = get(specs.systems, "instance or UltraServer")
        if key.startswith(TOTAL_PREFIX):
            value = specs.totals(system).get(key.removeprefix(TOTAL_PREFIX))
        elif key == "cores":
            value = specs.physical_cores(system)
        elif key == "logical_cores":
            value = specs.logical_cores(system)
        else:
            value = system.figures.get(key, system.name if key == "name" else None)
    elif kind == "family":
        value = get(specs.families, "instance family").name if key == "name" else None
    elif kind == "software":
        value = None
    elif kind == "factor":
        new_id, _, old_id = ident.partition(":")
        new, old = specs.chips.get(new_id), specs.chips.get(old_id)
        if new is None or old is None:
            raise LookupError(f"unknown chip in {ident!r}")
        n, o = new.figure(key), old.figure(key)
        if n is None or o is None:
            raise LookupError(f"{key!r} is not a figure of both {new_id} and {old_id}")
        return factor_text(n, o)
    else:
        raise LookupError(f"unknown kind {kind!r}; expected chip, core, system, family, software or factor")
    if value is None and f"{kind}:{ident}:{key}" in specs.figures:
        value = specs.figures[f"{kind}:{ident}:{key}"].figure
    if value is None or isinstance(value, (dict, tuple)):
        raise LookupError(f"{kind} {ident!r} has no value {key!r}")
    return value


def setup(app: Sphinx) -> None:
    app.add_role("spec", SpecRole())
