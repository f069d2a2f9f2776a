"""``instance-chooser``: every instance size and UltraServer in one table a reader can sort and filter.

The whole table is in the HTML, so it reads without JavaScript. A small local script
(``static/nhw-chooser.js``, loaded only on pages with a chooser) turns each numeric column header
into a sort button (``aria-sort`` on the header), shows the filter form (chip role, family,
minimum device memory, EFA), and announces the number of rows shown in a live region. The form
and the live region are in the HTML with ``hidden`` until the script shows them, so a reader
without JavaScript meets no controls that do nothing.

Each column holds one unit, named in its header; cells hold the number and its notes, or an
absence mark. The family cell gives the family and, in a ``nhw-role`` span the stylesheet sets
under it, the role of its chip. The script adds a reset button to the form, and a message with
another in place of the table when no size matches. Rows carry their filter keys as classes
(``nhw-f-<family>``, ``nhw-r-<role>``, ``nhw-efa-yes|no|unknown``); numeric header cells carry
``nhw-sort``.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from docutils import nodes

from .. import levels
from ..tables import NOT_PUBLISHED
from ..vocabulary import BANDWIDTH_CONVERTED_NOTE, LNC_DEFAULT_UNKNOWN, slug
from .base import SpecDirective, absent_mark
from .cells import level_cell
from .sizing import number_only

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..data import System

JS_FILE = "nhw-chooser.js"
CSS_FILE = "nhw-chooser.css"
CONTAINER_CLASS = "nhw-chooser"
BANDWIDTH_UNIT = "TB/s"


class InstanceChooser(SpecDirective):
    """``.. instance-chooser::`` -- every size, sortable by any numeric column and filterable."""

    required_arguments = 0

    # (header, unit shown in the header or None, sortable)
    COLUMNS = (
        ("Instance or UltraServer", None, False),
        ("Family (chip built for)", None, False),
        ("Chips", None, True),
        ("Physical cores", None, True),
        ("Cores seen (default LNC)", None, True),
        ("Device memory", "GiB", True),
        ("Memory bandwidth", BANDWIDTH_UNIT, True),
        ("Dense BF16", "TFLOPS", True),
        ("Dense 8-bit float", "TFLOPS", True),
        ("EFA", "Gbps", True),
    )
    MEMORY_COLUMN = 5

    def efa(self, table, system: System):
        """(cell, "yes" / "no" / "unknown"): EFA of the whole instance or UltraServer, by the rule and
        with the notes of the family tables."""
        _figure, status = levels.system_efa(self.specs, system)
        has_efa = {levels.PUBLISHED: "yes", levels.NOT_APPLICABLE: "no"}.get(status, "unknown")
        cell = self.efa_cell(table, system)
        return (absent_mark(table, status) if cell is None else number_only(cell, "Gbps")), has_efa

    def run(self) -> list[nodes.Node]:
        specs = self.specs
        table = self.new_table("Choose an instance: every size and UltraServer (sort and filter)")
        rows, keys = [], []
        for system in specs.systems.values():
            family, chip = specs.families[system.family], specs.chips[system.chip]
            support = levels.lnc_support(specs, chip)
            size = support.default if support.applies else 1

            def total(key, unit, system=system):
                if key not in specs.totals(system):
                    return table.absent(NOT_PUBLISHED)
                return number_only(self.total_cell(table, system, key, unit, BANDWIDTH_CONVERTED_NOTE), unit)

            if size is None and "chips" in system.figures:
                seen = table.absent(NOT_PUBLISHED, LNC_DEFAULT_UNKNOWN)
            else:
                seen = level_cell(table, levels.logical_cores(specs, system, size or 1))
            efa_cell, has_efa = self.efa(table, system)
            rows.append(
                [
                    table.cell(system.name, system.note),
                    [self.ref(family.page, family.name), nodes.inline("", f" ({chip.role})", classes=["nhw-role"])],
                    level_cell(table, levels.chips(specs, system)),
                    level_cell(table, levels.physical_cores(specs, system)),
                    seen,
                    total("device_memory", "GiB"),
                    total("memory_bandwidth", BANDWIDTH_UNIT),
                    number_only(level_cell(table, levels.peak_per_system(specs, system, "BF16"), "TFLOPS"), "TFLOPS"),
                    number_only(level_cell(table, levels.peak_per_system(specs, system, "FP8"), "TFLOPS"), "TFLOPS"),
                    efa_cell,
                ]
            )
            keys.append([f"nhw-f-{family.id}", f"nhw-r-{slug(chip.role)}", f"nhw-efa-{has_efa}"])
        header = [f"{label} ({unit})" if unit else label for label, unit, _ in self.COLUMNS]
        built = table.build(header, rows)
        table_node = built[0]
        table_node["classes"].append("nhw-chooser-table")
        head = next(table_node.findall(nodes.thead))
        for entry, (_label, _unit, sortable) in zip(head.findall(nodes.entry), self.COLUMNS, strict=True):
            if sortable:
                entry["classes"].append("nhw-sort")
        head_entries = list(head.findall(nodes.entry))
        head_entries[self.MEMORY_COLUMN]["classes"].append("nhw-col-memory")
        body = next(table_node.findall(nodes.tbody))
        for row, classes in zip(body.findall(nodes.row), keys, strict=True):
            row["classes"].extend(classes)
        container = nodes.container(classes=[CONTAINER_CLASS])
        container += nodes.raw("", self._form(), format="html")
        container += built
        return [container]

    def _form(self) -> str:
        specs = self.specs
        roles = dict.fromkeys(c.role for c in specs.chips.values())
        uid = f"nhw-chooser-{self.env.new_serialno('nhw-chooser')}"

        def select(name: str, label: str, options: list[tuple[str, str]]) -> str:
            items = "".join(f'<option value="{escape(v)}">{escape(t)}</option>' for v, t in [("", "any"), *options])
            return (
                f'<div class="nhw-chooser-field"><label for="{uid}-{name}">{escape(label)}</label>'
                f'<select id="{uid}-{name}" name="{name}">{items}</select></div>'
            )

        fields = [
            select("role", "Chip built for", [(slug(r), r) for r in roles]),
            select("family", "Family", [(f.id, f.name) for f in specs.families.values()]),
            (
                f'<div class="nhw-chooser-field"><label for="{uid}-memory">Minimum device memory (GiB)</label>'
                f'<input id="{uid}-memory" name="memory" type="number" min="0" step="any" inputmode="decimal"></div>'
            ),
            select("efa", "EFA", [("yes", "yes"), ("no", "no")]),
        ]
        return (
            f'<form class="nhw-chooser-form" aria-label="Filter the sizes" hidden>{"".join(fields)}</form>'
            '<p class="nhw-chooser-status" role="status" aria-live="polite" hidden></p>'
        )


def _has_chooser(doctree) -> bool:
    return any(
        True for _ in doctree.findall(lambda n: isinstance(n, nodes.container) and CONTAINER_CLASS in n["classes"])
    )


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The chooser's script, on the pages that have a chooser only (Sphinx's per-page form of
    ``add_js_file``); ``site_polish`` defers it like every other script."""
    if doctree is not None and _has_chooser(doctree):
        app.add_js_file(JS_FILE)


def setup(app: Sphinx) -> None:
    app.add_directive("instance-chooser", InstanceChooser)
    app.connect("html-page-context", _page_context)
    app.add_css_file(CSS_FILE)
