"""Build docutils tables whose cells can carry conflict notes, plus their notes and sources."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, TypeAlias

from docutils import nodes
from sphinx import addnodes

from . import ids
from .statuses import NOT_APPLICABLE, NOT_PUBLISHED

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .specs import Figure, Specs

Content: TypeAlias = str | nodes.Node | Sequence[nodes.Node]
# Two different kinds of empty cell, each with its own mark, explained by a legend under the table.
ABSENT_MARKS = {
    NOT_APPLICABLE: (
        "n/a",
        (
            "not applicable: the data rules it out for this column (for example a type the engine does "
            "not take, or a feature that arrived in a later generation)"
        ),
    ),
    NOT_PUBLISHED: ("n/p", "not published: it may exist, but no source used by this site gives it"),
}


def page_ref(label: str, text: str, docname: str) -> addnodes.pending_xref:
    """A link to the page whose top label is ``label``, resolved (and checked) by Sphinx."""
    ref = addnodes.pending_xref(
        "", refdomain="std", reftype="ref", reftarget=label, refexplicit=True, refwarn=True, refdoc=docname
    )
    ref += nodes.inline(text, text)
    return ref


class PageNotes:
    """The notes of one page: numbered once for the whole page, each printed once.

    The first table that cites a note prints it under itself; a later table's marker for the same
    note links to that entry, and the entry gains a link back to each table that cites it.
    """

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}  # note key -> number on this page
        self.items: dict[str, nodes.list_item] = {}  # note key -> the printed entry
        self.backlinked: set[tuple[str, str]] = set()  # (note key, table id) pairs already linked back
        self.anchors: set[str] = set()  # figure anchors already on this page (each goes on its first value)
        self.markers = 0  # note markers on this page, for their ids
        self.tables = 0  # tables built on this page so far: the next one's number in the back links
        self.backs: dict[str, list[tuple[int, str, str]]] = {}  # note key -> (table number, marker id, title)
        self.back_lines: dict[str, nodes.paragraph] = {}  # note key -> its one line of back links

    def figure_value(self, figure_id: str | None, text: str) -> nodes.Node:
        """A figure's text; its first occurrence on the page carries the figure's stable anchor."""
        if figure_id is None:
            return nodes.Text(text)
        return self.mark(nodes.inline(text, text, classes=["spec-figure"]), figure_id)

    def mark(self, node: nodes.Element, figure_id: str) -> nodes.Element:
        """Tag ``node`` as showing ``figure_id``; the first such node on the page gets its anchor."""
        node["nhw_figure"] = figure_id  # read by downloads.py to map anchors to pages
        anchor = ids.anchor(figure_id)
        if anchor not in self.anchors:
            self.anchors.add(anchor)
            node["ids"] = [anchor]
        return node

    @staticmethod
    def note_id(number: int) -> str:
        return f"spec-note-{number}"

    def number(self, note: str) -> tuple[int, bool]:
        """The note's number on this page, and whether it is new (so the caller prints it)."""
        if note in self.numbers:
            return self.numbers[note], False
        self.numbers[note] = len(self.numbers) + 1
        return self.numbers[note], True


def page_notes(env) -> PageNotes:
    """The notes of the page being read (Sphinx clears ``temp_data`` between pages)."""
    return env.temp_data.setdefault("neuron_hw_page_notes", PageNotes())


class SpecTable:
    """Collects rows, page-numbered notes and cited sources for one rendered table."""

    def __init__(self, specs: Specs, table_id: str, title: str, page: PageNotes | None = None):
        self.specs = specs
        self.table_id = table_id
        self.title = title
        self.page = page if page is not None else PageNotes()
        self.notes: dict[str, int] = {}  # notes this table prints: key -> number on the page
        self.cited: dict[str, str] = {}  # every note a cell here cites -> id of its first marker
        self.sources: dict[str, None] = {}  # ordered set
        self.generated: dict[str, str] = {}  # note key -> text, for notes this table writes itself
        self.absent_used: dict[str, None] = {}  # ordered set of ABSENT_MARKS keys shown

    def cite(self, *sources: str | None) -> None:
        for source in sources:
            if source:
                self.sources.setdefault(source)

    def marker(self, note: str) -> nodes.reference:
        number, new = self.page.number(note)
        if new:
            self.notes[note] = number
        label = f"[{number}]"
        ref = nodes.reference(
            "", "", refid=PageNotes.note_id(number), classes=["spec-note-ref"], reftitle=f"Note {number}"
        )
        if note not in self.cited:  # the first marker in this table is where the note links back to
            self.cited[note] = f"{self.table_id}-ref-{number}"
            ref["ids"] = [self.cited[note]]
        else:  # every other marker gets an id too, so the sources page can link to each row citing a note
            self.page.markers += 1
            ref["ids"] = [f"{self.table_id}-ref-{number}-{self.page.markers}"]
        ref["nhw_note"] = note  # read by downloads.py to list where each note is cited
        ref += nodes.superscript(label, label)
        return ref

    def text_note(self, text: str) -> str:
        """A note whose text the table generates (e.g. "Published as 820 GiB/s."); returns its key,
        to pass to :meth:`cell` like a key of [notes]. The same text gets the same number."""
        key = f"generated:{text}"
        self.generated[key] = text
        return key

    def absent(self, kind: str, *notes: str | None) -> list[nodes.Node]:
        """A cell for a figure that does not apply or is not published: a short mark, legended."""
        mark, meaning = ABSENT_MARKS[kind]
        self.absent_used.setdefault(kind)
        abbr = nodes.abbreviation(mark, mark, explanation=meaning.partition(":")[0], classes=[_mark_class(kind)])
        return self.cell([abbr], *notes)

    def cell(self, content: Content, *notes: str | None) -> list[nodes.Node]:
        if isinstance(content, str):
            body: list[nodes.Node] = [nodes.Text(content)]
        elif isinstance(content, nodes.Node):
            body = [content]
        else:
            body = list(content)
        markers: list[nodes.Node] = []
        for note in dict.fromkeys(notes):  # each note once per cell
            if note:
                markers += [nodes.Text("\u00a0"), self.marker(note)]
        if markers and len(body) == 1 and "nhw_figure" in body[0]:
            # A figure becomes a link drawn as an inline block (figure_links.py), which would let its
            # markers wrap away from it: the run keeps them on one line, as the no-break spaces do.
            return [nodes.inline("", "", *body, *markers, classes=["spec-run"])]
        return body + markers

    def figure(self, figure: Figure | None, *extra_notes: str | None, absent: str = NOT_PUBLISHED) -> list[nodes.Node]:
        """A cell for ``figure``: its formatted value, its note markers, and its source cited; without
        a figure, the ``absent`` mark (by default "not published": a caller that knows the data rules
        the figure out passes ``NOT_APPLICABLE``)."""
        if figure is None:
            return self.absent(absent, *extra_notes)
        self.cite(figure.source)
        value = self.page.figure_value(ids.figure_id(self.specs, figure), figure.text())
        return self.cell([value], figure.note, "derived" if figure.derived else None, *extra_notes)

    def total(self, figure_id: str, text: str, *notes: str | None) -> list[nodes.Node]:
        """A cell for a total computed by this site, anchored by the total's figure id."""
        return self.cell([self.page.figure_value(figure_id, text)], *notes)

    def build(
        self, header: Sequence[Content], rows: Iterable[Sequence[list[nodes.Node] | Content]], stub_columns: int = 1
    ) -> list[nodes.Node]:
        rows = list(rows)
        self.page.tables += 1
        self.number = self.page.tables
        table = nodes.table(classes=["spec-table"], ids=[self.table_id])
        table += nodes.title(self.title, self.title)
        tgroup = nodes.tgroup(cols=len(header))
        table += tgroup
        for i in range(len(header)):
            stub = i < stub_columns
            tgroup += nodes.colspec(colwidth=30 if stub else 20, stub=1 if stub else 0)
        thead = nodes.thead()
        thead += self._row(header)
        tgroup += thead
        tbody = nodes.tbody()
        for row in rows:
            tbody += self._row(row)
        tgroup += tbody
        return [table, *self._footer()]

    def _row(self, cells: Sequence) -> nodes.row:
        row = nodes.row()
        for content in cells:
            entry = nodes.entry()
            body = content if isinstance(content, list) else self.cell(content)
            entry += nodes.paragraph("", "", *body)
            row += entry
        return row

    def _footer(self) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        if self.absent_used:
            legend = nodes.paragraph(classes=["spec-legend"])
            legend += nodes.strong("Marks: ", "Marks: ")
            for i, kind in enumerate(k for k in ABSENT_MARKS if k in self.absent_used):
                mark, meaning = ABSENT_MARKS[kind]
                if i:
                    legend += nodes.Text("; ")
                legend += nodes.abbreviation(
                    mark, mark, explanation=meaning.partition(":")[0], classes=[_mark_class(kind)]
                )
                legend += nodes.Text(f" {meaning}")
            legend += nodes.Text(".")
            out.append(legend)
        if self.notes:
            first = min(self.notes.values())
            notes = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".", classes=["spec-notes"])
            if first > 1:
                notes["start"] = first  # numbering runs on across the page's tables
            for note, number in self.notes.items():
                generated = ["spec-note-generated"] if note in self.generated else []  # not from [notes]
                item = nodes.list_item(ids=[PageNotes.note_id(number)], classes=generated)
                item["nhw_note_item"] = note  # read by one_text_per_note below
                item["nhw_note_table"] = self.title
                text = self.generated[note] if note in self.generated else self.specs.notes[note]
                item += nodes.paragraph("", text)
                notes += item
                self.page.items[note] = item
            out.append(nodes.rubric("Notes", "Notes", classes=["spec-notes-heading"]))
            out.append(notes)
        self._link_back()
        if self.sources:
            para = nodes.paragraph(classes=["spec-sources"])
            para += nodes.strong("Sources: ", "Sources: ")
            for i, key in enumerate(self.sources):
                source = self.specs.sources[key]
                if i:
                    para += nodes.Text("; ")
                para += nodes.reference(source["title"], source["title"], refuri=source["url"])
            out.append(para)
        return out

    def _link_back(self) -> None:
        """Give each note this table cites a link back to the table's first marker for it: one line
        per note, "Back to" the table's title while one table cites it, "Tables 1 3" (their order on
        the page, each number a link titled with the table's caption) once several do."""
        for note, ref_id in self.cited.items():
            item = self.page.items.get(note)
            if item is None or (note, self.table_id) in self.page.backlinked:
                continue
            self.page.backlinked.add((note, self.table_id))
            backs = self.page.backs.setdefault(note, [])
            backs.append((self.number, ref_id, self.title))
            line = self.page.back_lines.get(note)
            if line is None:
                line = self.page.back_lines[note] = nodes.paragraph(classes=["spec-note-back"])
                item += line
            line.children = []
            if len(backs) == 1:
                text = f"\u21a9 Back to \u201c{self.title}\u201d"
                line += nodes.reference(text, text, refid=ref_id)
                continue
            line += nodes.Text("\u21a9 Tables ")
            for i, (number, target, title) in enumerate(backs):
                if i:
                    line += nodes.Text(" ")  # each number is a 24 px box: spaced enough without commas
                line += nodes.reference(
                    str(number), str(number), refid=target, reftitle=title, classes=["spec-note-back-table"]
                )


def one_text_per_note(app: Sphinx, doctree: nodes.document) -> None:
    """Say each note once per page.  A ``spec-note`` box whose note is also numbered under a table
    of the page is dropped when that numbered note is in the box's own section, and otherwise
    becomes one line pointing to the number.  Runs before ``figure_usage.py`` records the page."""
    numbered = {item["nhw_note_item"]: item for item in doctree.findall(nodes.list_item) if "nhw_note_item" in item}
    for box in list(doctree.findall(nodes.note)):
        item = numbered.get(box.get("nhw_note", ""))
        if item is None:
            continue
        if _section_of(item) is _section_of(box):
            box.parent.remove(box)
            continue
        number = item["ids"][0].removeprefix("spec-note-")
        pointer = nodes.paragraph(classes=["spec-note-pointer"], ids=list(box["ids"]))
        pointer["nhw_note"] = box["nhw_note"]
        pointer += nodes.Text("See note ")
        pointer += nodes.reference(number, number, refid=item["ids"][0])
        pointer += nodes.Text(f", under \u201c{item['nhw_note_table']}\u201d.")
        box.replace_self(pointer)


def _section_of(node: nodes.Node) -> nodes.Node | None:
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    return parent


def _mark_class(kind: str) -> str:
    return "spec-" + kind.replace(" ", "-")


def setup(app: Sphinx) -> None:
    app.add_css_file("neuron-hw-tables.css")
    app.add_css_file("neuron-hw-notes.css")
    app.connect("doctree-read", one_text_per_note, priority=400)  # before figure_usage.py (500)
