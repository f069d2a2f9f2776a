"""The README of the downloads: what each file holds and how its columns are named.

``export.readme`` fills in the files' names, the licence's address and the data's version.
"""

from __future__ import annotations

README = """\
Neuron Hardware Docs: the data as files
=======================================

Every figure of the site, generated from the site's data file when the site is built.
{version_line}
{json}
    Every entity and figure: value and unit (and the value in SI units), scope, dense or
    sparse, direction where the data says, data types, a stable id and the pages and anchors
    where the figure appears. Its provenance: "provenance" says whether AWS publishes the
    figure, this site computes it ("formula" gives the arithmetic) or another source gives
    it; "sources" lists every document behind it (title, address, section where known, and
    "checked", the day the figure was last compared with it); "notes" holds every note the
    pages print with it ("note" is the first of them); "record_url" is its record on the site.
    A figure no page shows has no "url" and says why in "not_shown" (AWS's published instance
    totals: the pages show the totals the site computes). Its JSON Schema (2020-12) is {schema}.

{figures}
    One row per figure (the long format); the unit is in the "unit" column, "value_si" and
    "unit_si" give the same value in SI units. "dtypes" separates data types with ";".
    Provenance: "provenance" and "formula" as in the JSON; "source_id", "source_title",
    "source_url", "source_section" and "source_checked" describe the documents behind the
    figure, several of them (a computed total's) separated by "{separator}"; "note" holds the ids
    of its notes, separated by ";" (their text is in the JSON and on the sources page);
    "record_url" is the figure's record on the site.

{chips}
    One row per chip, every value in SI base units (bytes, byte/s, FLOP/s, OP/s). Where Epoch
    AI's machine learning hardware dataset has a column for a figure, the column has Epoch's
    name, so the two files can be joined on "Hardware name". DENSE FIGURES ONLY: the rates are
    those without structured sparsity; sparse rates are in the long file. The FP8 column holds a
    rate AWS gives for the FP8 type itself; rates for cFP8 or the MX formats are in the long file.
    There is no release date column: the data holds no sourced date. "Manufacturer" is "{maker}"
    for every chip and "Hardware name" is the chip's name on this site ("AWS Trainium2"). Neither
    value has been checked against Epoch's file, which may spell the maker or the chips
    differently (for example "Amazon" or "Amazon Web Services"): compare the two before joining.

{cores}
    One row per NeuronCore version, one column per quantity, named in words with its SI unit
    ("Tensor Engine clock (Hz)"). A quantity the data names differently per version is one
    column: an engine's peak rate by engine, class of data type (BF16/FP16 wherever the rate
    covers either) and density; a data path's width by engine and class of data type. A figure
    that covers several such columns (NeuronCore-v2 gives one data-path width for the Vector,
    Scalar and GPSIMD engines) fills each of them. The long file keeps each figure's own label.

{systems}
    One row per instance size or UltraServer, one column per quantity in SI units (the unit is
    in the column name). "..., computed total" columns are computed by the site as chips x
    per-chip figure; "..., total as AWS publishes it" columns are AWS's totals, side by side.

In the three wide files ({chips}, {cores}, {systems}) every value column is followed by three
columns of its provenance: "<column>: provenance" (published by AWS, computed by this site with
its formula, or from another source), "<column>: source" (each document's title, section where
known, the day it was checked and its address, several separated by "{separator}") and
"<column>: notes" (the ids of its notes, separated by ";").

Text cells that begin with "=", "+", "-", "@", a tab or a carriage return start with a single
quote (') added in front, so that a spreadsheet shows them as text instead of running them as a
formula (OWASP's rule against CSV injection); remove the quote to get the text as the data file
has it. Numbers are never changed: a value cell holds a plain number. The JSON has no such quote.

Ids and column names change only with a notice on the site's comparison page; an id that
changes stays listed under "aliases" in the JSON.

The addresses in these files (pages, figures, records) are absolute when the site was built for
its published address ("site" in the JSON); a build without one gives them relative to the site
root, and "site" is null.

Licence: these files, like the site's text and drawings, are under the Creative Commons
Attribution 4.0 licence (CC BY 4.0, {license_url}): share and adapt them, crediting
"Neuron Hardware Docs contributors" with a link to the site. The figures are facts from AWS's
public documentation and EC2's instance data, each with its source.
"""


def text(*, version: str | None, date: str | None, changelog: str, **names: str) -> str:
    """The README, with the data's version and date (and the changelog file's name) where known,
    and ``names``: each file's name, the licence's address, the chips' maker, the separator of
    several sources in one cell."""
    version_line = (
        f"\nData version {version} of {date}, also the JSON's "
        '"version" and "date". '
        f"{changelog}\n"
        "lists every release, newest first, and every figure each changed: the figure's id, its old\n"
        "and new value with the unit, the source and a sentence.\n"
        if version
        else ""
    )
    return README.format(version_line=version_line, **names)
