"""Mistaken or hostile values in the data file stop the build with the file's usual error -- the
file, the line, the entry and what is allowed -- instead of crashing it or being published.

Each case edits a copy of the real data file; the expected messages are written from the model's
own constants (patterns, ranges, lengths) and from the edited file, not copied from output."""

from __future__ import annotations

import codecs
import io
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from conftest import DATA
from neuron_hw import consistency, id_syntax, levels, model, plausible_values, schema_fields, units, vocabulary
from neuron_hw.data import SpecError, load_specs
from sphinx.util.docutils import docutils_namespace
from test_data import broken

ID_WORDS = id_syntax.ID_KINDS[id_syntax.ID_PATTERN][2]  # "lower-case ASCII letters, digits, '.' and '-'"


@dataclass(frozen=True)
class Case:
    old: str  # text of the real file, found exactly once
    new: str  # what the copy has instead
    line: str  # the error names the first line of the copy that holds this
    expected: tuple[str, ...]  # fragments of the message: the entry and key, what is allowed


def error_of(path: Path) -> str:
    with pytest.raises(SpecError) as excinfo:
        load_specs(path)
    return str(excinfo.value)


def line_of(path: Path, marker: str) -> int:
    text = path.read_bytes().decode("utf-8", errors="replace")
    return next(i for i, line in enumerate(text.splitlines(), 1) if marker in line)


def assert_named(path: Path, case: Case) -> None:
    message = error_of(path)
    assert message.startswith(f"{path}:{line_of(path, case.line)}: "), message
    assert "\n" not in message, f"one problem, one line: {message!r}"
    for fragment in case.expected:
        assert fragment in message, f"{fragment!r} not in {message!r}"


def run(tmp_path: Path, case: Case) -> None:
    assert_named(broken(tmp_path, case.old, case.new), case)


def unexpected(char: str, name: str, position: int) -> str:
    return f"unexpected character {char!r} (U+{ord(char):04X} {name}) at position {position}"


def bound(value: Decimal, unit: str) -> str:
    number = units.format_number(value)
    return number if unit in units.BARE_UNITS else f"{number} {unit}"


def plausible(dimension: str) -> str:
    """The range a message gives for ``dimension``: "a bandwidth: from 0.001 GB/s to ..."."""
    what, low, high = plausible_values.PLAUSIBLE[dimension]
    return f"outside the plausible range of {what}: from {bound(*low)} to {bound(*high)}"


def limit(text_type) -> int:
    return next(m.max_length for m in text_type.__metadata__ if getattr(m, "max_length", None))


# -- 1. Ids: ASCII only, so a look-alike letter cannot pass for the id it imitates ---------------
A, O, IE = "\u0430", "\u043e", "\u0435"  # Cyrillic a, o, ie
ID_CASES = {
    "a second instance whose id differs by a look-alike letter": Case(
        '[instances."inf2.xlarge"]',
        f'[instances."inf2.xl{A}rge"]\nfamily = "inf2"\nsource = "hw-inf2-arch"\n\n[instances."inf2.xlarge"]',
        f'[instances."inf2.xl{A}rge"]',
        (f'[instances."inf2.xl{A}rge"]', unexpected(A, "CYRILLIC SMALL LETTER A", 7), ID_WORDS),
    ),
    "a look-alike reference to an instance": Case(
        'system = "inf2.48xlarge"',
        f'system = "inf2.48xl{A}rge"',
        f'system = "inf2.48xl{A}rge"',
        ("[topologies.inf2-48xlarge] system", unexpected(A, "CYRILLIC SMALL LETTER A", 9), ID_WORDS),
    ),
    "a look-alike reference to a family": Case(
        '[instances."inf1.xlarge"]\nfamily = "inf1"',
        '[instances."inf1.xlarge"]\nfamily = "\u0456nf1"',
        'family = "\u0456nf1"',
        (
            '[instances."inf1.xlarge"] family',
            unexpected("\u0456", "CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I", 0),
        ),
    ),
    "an upper-case source id": Case(
        "hw-nc-v1 = { title",
        "hw-nc-V1 = { title",
        "hw-nc-V1 = { title",
        ("[sources] hw-nc-V1", unexpected("V", "LATIN CAPITAL LETTER V", 6), ID_WORDS),
    ),
    "a look-alike note id": Case(
        "\ntensor-rounding = ",
        '\n"tensor-r\u03bfunding" = ',
        '"tensor-r\u03bfunding" = ',
        ("[notes] tensor-r\u03bfunding", unexpected("\u03bf", "GREEK SMALL LETTER OMICRON", 8)),
    ),
    "a look-alike reference to a note": Case(
        'cc_cores = { value = 16, unit = "count", note = "cc-cores" }',
        f'cc_cores = {{ value = 16, unit = "count", note = "cc-c{O}res" }}',
        f'note = "cc-c{O}res"',
        ("[chips.trainium2] cc_cores.note", unexpected(O, "CYRILLIC SMALL LETTER O", 4), ID_WORDS),
    ),
    "a look-alike extra-figure key": Case(
        "[chips.trainium2.extra.hbm-per-stack]",
        f'[chips.trainium2.extra."hbm-p{IE}r-stack"]',
        f'"hbm-p{IE}r-stack"',
        (
            f"[chips.trainium2] extra.hbm-p{IE}r-stack",
            unexpected(IE, "CYRILLIC SMALL LETTER IE", 5),
            id_syntax.ID_KINDS[id_syntax.EXTRA_KEY_PATTERN][2],
        ),
    ),
    "a look-alike compute key": Case(
        'compute.int8 = { types = ["INT8"], mode = "dense", value = 128, unit = "TOPS" }',
        f'compute."int8{A}" = {{ types = ["INT8"], mode = "dense", value = 128, unit = "TOPS" }}',
        f'compute."int8{A}"',
        (f"[chips.inferentia] compute.int8{A}", unexpected(A, "CYRILLIC SMALL LETTER A", 4)),
    ),
    "a look-alike figure path": Case(
        'side = "family:trn1:torus-side"',
        f'side = "family:trn1:t{O}rus-side"',
        f'side = "family:trn1:t{O}rus-side"',
        (
            "[topologies.trn1-32xlarge] side",
            unexpected(O, "CYRILLIC SMALL LETTER O", 13),
            id_syntax.ID_KINDS[id_syntax.FIGURE_PATH_PATTERN][2],
        ),
    ),
    "a look-alike figure key in a comparison": Case(
        'key = "dma_bandwidth", published = "1.4x"',
        f'key = "dma_b{A}ndwidth", published = "1.4x"',
        f'key = "dma_b{A}ndwidth"',
        ("[comparisons.trainium3-vs-trainium2] rows[", "].key", unexpected(A, "CYRILLIC SMALL LETTER A", 5)),
    ),
    "a look-alike published total": Case(
        '"compute.bf16" = { value = 1140, unit = "TFLOPS" }',
        f'"c{O}mpute.bf16" = {{ value = 1140, unit = "TFLOPS" }}',
        f'"c{O}mpute.bf16"',
        ('[instances."inf2.24xlarge"] published', unexpected(O, "CYRILLIC SMALL LETTER O", 1), "compute.<key"),
    ),
}


@pytest.mark.parametrize("case", ID_CASES.values(), ids=list(ID_CASES))
def test_an_id_or_reference_with_an_unexpected_character_is_named(tmp_path, case):
    run(tmp_path, case)


def test_an_id_out_of_place_separators_says_what_an_id_is(tmp_path):
    case = Case('[families.trn2]\nname = "Trn2"', '[families."trn2-"]\nname = "Trn2"', '[families."trn2-"]', ())
    path = broken(tmp_path, case.old, case.new)
    assert_named(path, Case(case.old, case.new, case.line, ("[families.trn2-]", ID_WORDS, "between two letters")))


# -- 2. Counts and rates that something divides by are positive ----------------------------------
ZERO_CASES = {
    "no NeuronCores (memory per core divides by them)": Case(
        'neuron_cores = { value = 4, unit = "count" }',
        'neuron_cores = { value = 0, unit = "count" }',
        'neuron_cores = { value = 0, unit = "count" }',
        ("[chips.inferentia] neuron_cores: 0 is " + plausible("count"),),
    ),
    "no memory bandwidth (ridge points divide by it)": Case(
        'memory_bandwidth = { value = 4.9, unit = "TB/s", note',
        'memory_bandwidth = { value = 0, unit = "TB/s", note',
        'memory_bandwidth = { value = 0, unit = "TB/s"',
        ("[chips.trainium3] memory_bandwidth: 0 TB/s is " + plausible("bytes per second"),),
    ),
    "a negative bandwidth": Case(
        'memory_bandwidth = { value = 4.9, unit = "TB/s", note',
        'memory_bandwidth = { value = -4.9, unit = "TB/s", note',
        'memory_bandwidth = { value = -4.9, unit = "TB/s"',
        ("[chips.trainium3] memory_bandwidth", "'value' must not be negative, got -4.9"),
    ),
    "an MX block of no elements (bytes per parameter divide by it)": Case(
        'share one MX scale"\nvalue = 32',
        'share one MX scale"\nvalue = 0',
        "[cores.v4.extra.mx-group]",
        ("[cores.v4] extra.mx-group: 0 is " + plausible("count"), '0 only for a setting: scope = "setting"'),
    ),
    "no EFA per chip (ridge points against EFA divide by it)": Case(
        'UltraServer EFA total by its chip count; same for Gen1 and Gen2)"\nvalue = 200',
        'UltraServer EFA total by its chip count; same for Gen1 and Gen2)"\nvalue = 0',
        "[families.trn3.extra.efa-per-chip]",
        ("[families.trn3] extra.efa-per-chip: 0 Gbps is " + plausible("bits per second"),),
    ),
    "a fraction of a NeuronCore": Case(
        'neuron_cores = { value = 4, unit = "count" }',
        'neuron_cores = { value = 2.5, unit = "count" }',
        'neuron_cores = { value = 2.5, unit = "count" }',
        ("[chips.inferentia] neuron_cores: 2.5 is not a whole number",),
    ),
    "a default LNC size of 0 (logical cores divide by it)": Case(
        "lnc_default = 2",
        "lnc_default = 0",
        "lnc_default = 0",
        ("[chips.trainium2] lnc_default: expected at least 1, got 0",),
    ),
    "a largest LNC size of 0 (the sizes run from 1 to it)": Case(
        'value = 2\nunit = "count"\nsource = "feat-lnc"\nscope = "setting"',
        'value = 0\nunit = "count"\nsource = "feat-lnc"\nscope = "setting"',
        "[software.neuron.extra.lnc-largest-size]",
        ("[software.neuron] extra.lnc-largest-size: expected at least 1, got 0",),
    ),
    "a largest LNC size below a chip's default": Case(
        'value = 2\nunit = "count"\nsource = "feat-lnc"\nscope = "setting"',
        'value = 1\nunit = "count"\nsource = "feat-lnc"\nscope = "setting"',
        "lnc_default = 2",
        ("[chips.trainium2] lnc_default: 2 is not an LNC size software accepts (1 to 1",),
    ),
}


@pytest.mark.parametrize("case", ZERO_CASES.values(), ids=list(ZERO_CASES))
def test_a_zero_negative_or_fractional_divisor_is_named(tmp_path, case):
    run(tmp_path, case)


def test_the_computations_read_the_lnc_setting_the_model_checks():
    data, _, problems = model.validate(tomllib.loads(DATA.read_text(encoding="utf-8")))
    assert data is not None and not problems
    assert levels.lnc_largest(load_specs(DATA)).id == vocabulary.extra_path(consistency.lnc_largest_loc(data))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # A setting may be 0 where 0 has a meaning ("0 turns asynchronous execution off").
        (
            'NEURON_RT_ASYNC_EXEC_MAX_INFLIGHT_REQUESTS depth"\nvalue = 3',
            'NEURON_RT_ASYNC_EXEC_MAX_INFLIGHT_REQUESTS depth"\nvalue = 0',
        ),
        # A ratio counted in "count" may be a fraction.
        ('relative to BF16/FP16 matmul"\nvalue = 4', 'relative to BF16/FP16 matmul"\nvalue = 4.5'),
    ],
    ids=["a setting of 0", "a fractional ratio"],
)
def test_what_the_rules_leave_alone_still_loads(tmp_path, old, new):
    load_specs(broken(tmp_path, old, new))


# -- 3. inf and nan --------------------------------------------------------------------------------
@pytest.mark.parametrize(("written", "shown"), [("inf", "inf"), ("+inf", "inf"), ("-inf", "-inf"), ("nan", "nan")])
def test_inf_and_nan_are_not_numbers_a_figure_can_have(tmp_path, written, shown):
    old = 'memory_bandwidth = { value = 4.9, unit = "TB/s", note'
    new = f'memory_bandwidth = {{ value = {written}, unit = "TB/s", note'
    expected = ("[chips.trainium3] memory_bandwidth", f"'value' must be a finite number, got {shown}")
    run(tmp_path, Case(old, new, new, expected))


def test_nan_in_an_extra_figure_is_named(tmp_path):
    old = 'label = "Width of one MX scale value"\nvalue = 8'
    case = Case(
        old,
        old.replace("value = 8", "value = nan"),
        "[cores.v4.extra.mx-scale-bits]",
        ("[cores.v4] extra.mx-scale-bits", "finite number, got nan"),
    )
    run(tmp_path, case)


# -- 4. Encodings ----------------------------------------------------------------------------------
def test_a_byte_that_is_not_utf8_is_named_with_its_line(tmp_path):
    text = DATA.read_bytes()
    old = b'name = "AWS Inferentia2"'
    assert text.count(old) == 1
    path = tmp_path / "hardware.toml"
    path.write_bytes(text.replace(old, old[:-1] + b"\xff" + b'"'))  # Latin-1 "y with diaeresis", say
    message = error_of(path)
    line = line_of(path, 'name = "AWS Inferentia2')
    column = len('name = "AWS Inferentia2') + 1
    assert message.startswith(f"{path}:{line}: not valid UTF-8 in [chips.inferentia2]: "), message
    assert f"byte 0xFF at column {column}" in message, message
    assert "save the file as UTF-8" in message, message


def test_a_byte_order_mark_is_named(tmp_path):
    path = tmp_path / "hardware.toml"
    path.write_bytes(codecs.BOM_UTF8 + DATA.read_bytes())
    message = error_of(path)
    assert message == (
        f"{path}:1: the file starts with a byte-order mark (BOM, bytes EF BB BF); save it as UTF-8 without BOM"
    )


# -- 5. Plausible ranges ---------------------------------------------------------------------------
# (figure as the real file writes it, the implausible value, its dimension, the value as shown)
RANGE_CASES = {
    "1e30 TB/s": ('memory_bandwidth = { value = 4.9, unit = "TB/s", note', "1e30", "bytes per second", "1e+30 TB/s"),
    "1e-30 TB/s": ('memory_bandwidth = { value = 4.9, unit = "TB/s", note', "1e-30", "bytes per second", "1e-30 TB/s"),
    "1e30 GiB": ('device_memory = { value = 144, unit = "GiB" }', "1e30", "bytes", "1e+30 GiB"),
    "1e30 TFLOPS": ('mode = "dense", value = 183, unit', "1e30", "floating-point rate", "1e+30 TFLOPS"),
    "1e30 GHz": ('engines.tensor.clock = { value = 2.8, unit = "GHz" }', "1e30", "frequency", "1e+30 GHz"),
    "1e30 servers": ("servers = { value = 36", "1e30", "count", "1e+30"),
}


@pytest.mark.parametrize("name", RANGE_CASES)
def test_a_value_outside_its_dimension_s_range_is_named_with_the_range(tmp_path, name):
    old, value, dimension, shown = RANGE_CASES[name]
    new = re.sub(r"value = [0-9.]+", f"value = {value}", old, count=1)
    run(tmp_path, Case(old, new, new, (f"{shown} is {plausible(dimension)}",)))


@pytest.mark.parametrize("dimension", plausible_values.PLAUSIBLE)
def test_each_range_takes_its_bounds_and_nothing_beyond(dimension):
    _, (low, low_unit), (high, high_unit) = plausible_values.PLAUSIBLE[dimension]
    assert units.dimension(low_unit) == units.dimension(high_unit) == dimension
    assert 0 < units.convert(low, low_unit, high_unit) < high
    assert plausible_values.value_problem(low, low_unit) is None
    assert plausible_values.value_problem(high, high_unit) is None
    assert plausible_values.value_problem(high * 10, high_unit) is not None
    if dimension not in plausible_values.WHOLE_DIMENSIONS:
        assert plausible_values.value_problem(low / 10, low_unit) is not None


def test_every_dimension_has_a_range():
    assert set(plausible_values.PLAUSIBLE) == {dimension for dimension, _ in units.UNITS.values()}


def test_the_real_figures_sit_well_inside_their_ranges():
    """At least ten times below each upper bound; ten times above each lower bound where the
    dimension is continuous (a count of 1 is real)."""
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"), parse_float=Decimal)
    data = model.HardwareFile.model_validate(raw)
    counted = (*plausible_values.WHOLE_DIMENSIONS, "bits", "cycles", "elements per cycle")
    for loc, figure, _ in data.figures_with_sources():
        if figure.value == 0:  # a setting
            continue
        lowest, highest = plausible_values.plausible_range(figure.unit)
        assert figure.value * 10 <= highest, (loc, figure.value, figure.unit)
        if units.dimension(figure.unit) not in counted:
            assert figure.value >= lowest * 10, (loc, figure.value, figure.unit)


# -- 6. Factors AWS states -------------------------------------------------------------------------
def dma_row() -> int:
    rows = tomllib.loads(DATA.read_text(encoding="utf-8"))["comparisons"]["trainium3-vs-trainium2"]["rows"]
    return next(i for i, row in enumerate(rows) if row.get("key") == "dma_bandwidth")


DMA = 'dma_bandwidth = { value = 4.9, unit = "TB/s" }'
DMA_ROW = '{ label = "DMA bandwidth", key = "dma_bandwidth", published = "1.4x" }'


def test_a_computed_factor_that_disagrees_with_aws_s_is_named(tmp_path):
    path = broken(tmp_path, DMA, DMA.replace("4.9", "0.001"))
    computed = units.format_factor(Decimal("0.001") / Decimal("3.5")).removesuffix("\u00d7")
    expected = (
        f"[comparisons.trainium3-vs-trainium2] rows[{dma_row()}]",
        f"AWS's factor 1.4x does not match the computed {computed}x (DMA bandwidth: 0.001 TB/s / 3.5 TB/s)",
        "add a `note` on one of the two figures",
    )
    assert_named(path, Case(DMA, "", DMA_ROW, expected))


def test_a_conflict_note_on_a_compared_figure_explains_the_difference(tmp_path):
    path = broken(tmp_path, DMA, DMA.replace("4.9", "0.001").replace(" }", ', note = "trainium3-hbm-bw" }'))
    load_specs(path)


def test_a_note_the_tables_attach_by_rule_explains_no_difference(tmp_path):
    path = broken(tmp_path, DMA, DMA.replace("4.9", "0.001").replace(" }", ', note = "chip-not-additive" }'))
    assert "AWS's factor 1.4x does not match" in error_of(path)


TENSOR_V1 = 'engines.tensor.throughput = [{ types = ["FP16", "BF16"], mode = "dense", value = 16, unit = "TFLOPS" }]'
SPEEDUP = 'relative to NeuronCore-v1, as AWS states it"\nvalue = 6'


def test_a_stated_factor_figure_that_disagrees_is_named(tmp_path):
    path = broken(tmp_path, TENSOR_V1, TENSOR_V1.replace("value = 16", "value = 46"))
    expected = (
        "[cores.v2] extra.tensor-speedup-v1",
        "AWS's factor 6x does not match the computed 2.00x",
        "92 TFLOPS / 46 TFLOPS",
    )
    assert_named(path, Case(TENSOR_V1, "", "[cores.v2.extra.tensor-speedup-v1]", expected))


def test_a_note_on_a_stated_factor_figure_explains_the_difference(tmp_path):
    text = DATA.read_text(encoding="utf-8")
    assert text.count(TENSOR_V1) == text.count(SPEEDUP) == 1
    path = tmp_path / "hardware.toml"
    edited = text.replace(TENSOR_V1, TENSOR_V1.replace("value = 16", "value = 46"))
    path.write_text(edited.replace(SPEEDUP, SPEEDUP + '\nnote = "v2-tensor"'), encoding="utf-8")
    load_specs(path)


def test_a_stated_factor_is_written_as_aws_writes_it(tmp_path):
    new = DMA_ROW.replace('"1.4x"', '"1.4 times"')
    case = Case(DMA_ROW, new, new, ("].published", "expected a factor as AWS states it, such as '1.4x'", "'1.4 times'"))
    run(tmp_path, case)


def test_every_stated_factor_rule_compares_like_with_like():
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"), parse_float=Decimal)
    data = model.HardwareFile.model_validate(raw)
    factors = list(consistency.stated_factors(data))
    assert factors  # the data states at least one factor of its own
    for what, new, old, stated in factors:
        figures = [data.figure_at(loc) for loc in (new, old, stated)]
        assert all(figures), what
        assert set(figures[0].types) & set(figures[1].types), what  # the same data types


# -- 7. Text lengths -------------------------------------------------------------------------------
TEXT_CASES = {
    "an empty name": Case(
        'name = "AWS Inferentia2"',
        'name = ""',
        'name = ""',
        ("[chips.inferentia2] name", "expected a non-empty string"),
    ),
    "a blank label": Case(
        'label = "Width of one MX scale value"',
        'label = "   "',
        'label = "   "',
        ("[cores.v4] extra.mx-scale-bits.label", "expected some text, got only white space"),
    ),
    "a 100 KB comparison label": Case(
        '{ label = "DMA bandwidth", key',
        '{ label = "' + "DMA bandwidth " * 7300 + '", key',
        '{ label = "DMA bandwidth DMA',
        (
            "[comparisons.trainium3-vs-trainium2] rows[",
            "].label",
            f"expected at most {limit(schema_fields.Label):,} characters, got {14 * 7300:,}",
        ),
    ),
    "a 100 KB note": Case(
        'v3-sram = "',
        'v3-sram = "' + "x" * 100_000,
        'v3-sram = "',
        ("[notes] v3-sram", f"expected at most {limit(schema_fields.Prose):,} characters"),
    ),
    "an id of 100 characters": Case(
        '[families.trn2]\nname = "Trn2"',
        f'[families.trn2{"x" * 100}]\nname = "Trn2"',
        f"[families.trn2{'x' * 100}]",
        (f"[families.trn2{'x' * 100}]", f"at most {id_syntax.ID_MAX_LENGTH} characters"),
    ),
}


@pytest.mark.parametrize("case", TEXT_CASES.values(), ids=list(TEXT_CASES))
def test_empty_blank_and_overlong_text_is_named(tmp_path, case):
    run(tmp_path, case)


def test_the_real_texts_leave_room_under_their_limits():
    """Each kind of text is at most half its limit today, so the limits only stop runaway text."""
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"))
    notes = raw["notes"].values()
    labels = [
        f["label"]
        for section in vocabulary.KINDS
        for e in raw.get(section, {}).values()
        for f in e.get("extra", {}).values()
    ]
    labels += [r["label"] for c in raw["comparisons"].values() for r in c["rows"]]
    labels += [s["title"] for s in raw["sources"].values()]
    names = [e["name"] for section in ("chips", "cores", "families", "software") for e in raw[section].values()]
    names += [e.get("name", "") for e in raw["ultraservers"].values()]
    for texts, kind in ((notes, schema_fields.Prose), (labels, schema_fields.Label), (names, schema_fields.Name)):
        assert max(map(len, texts)) * 2 <= limit(kind), kind


# -- The editor schema rejects what it can express --------------------------------------------------
SCHEMA_CASES = {
    name: case
    for cases in (ID_CASES, ZERO_CASES, TEXT_CASES)
    for name, case in cases.items()
    if name
    in (
        "a second instance whose id differs by a look-alike letter",
        "a look-alike reference to a note",
        "a look-alike extra-figure key",
        "no NeuronCores (memory per core divides by them)",
        "a fraction of a NeuronCore",
        "an empty name",
        "a 100 KB comparison label",
    )
}


@pytest.mark.parametrize("case", SCHEMA_CASES.values(), ids=list(SCHEMA_CASES))
def test_the_editor_schema_rejects_it_too(tmp_path, editor_schema, case):
    data = tomllib.loads(broken(tmp_path, case.old, case.new).read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        editor_schema.validate(data)


def test_the_editor_schema_rejects_an_implausible_bandwidth(tmp_path, editor_schema):
    case = RANGE_CASES["1e30 TB/s"][0]
    path = broken(tmp_path, case, case.replace("4.9", "1e30"))
    with pytest.raises(jsonschema.ValidationError):
        editor_schema.validate(tomllib.loads(path.read_text(encoding="utf-8")))


# -- The build stops with the message, not a crash report ------------------------------------------
def bad_files(tmp_path: Path) -> dict[str, Path]:
    """One edited copy per kind of problem, as bytes so that the encoding cases fit in."""
    text = DATA.read_bytes()
    edits = {
        "look-alike id": ID_CASES["a second instance whose id differs by a look-alike letter"],
        "division by zero": ZERO_CASES["no NeuronCores (memory per core divides by them)"],
        "nan": Case(
            'memory_bandwidth = { value = 4.9, unit = "TB/s", note',
            'memory_bandwidth = { value = nan, unit = "TB/s", note',
            "",
            (),
        ),
        "1e30": Case(
            'memory_bandwidth = { value = 4.9, unit = "TB/s", note',
            'memory_bandwidth = { value = 1e30, unit = "TB/s", note',
            "",
            (),
        ),
        "stated factor": Case(DMA, DMA.replace("4.9", "0.001"), "", ()),
        "100 KB label": TEXT_CASES["a 100 KB comparison label"],
    }
    files = {}
    for name, case in edits.items():
        files[name] = text.replace(case.old.encode(), case.new.encode())
    files["not UTF-8"] = text.replace(b'name = "AWS Inferentia2"', b'name = "AWS Inferentia\xff"')
    files["BOM"] = codecs.BOM_UTF8 + text
    paths = {}
    for name, content in files.items():
        assert content != text, name
        paths[name] = tmp_path / f"{name.replace(' ', '-')}.toml"
        paths[name].write_bytes(content)
    return paths


@pytest.mark.sphinx("html", testroot="topology", freshenv=True)
def test_each_kind_of_bad_data_stops_the_build_with_its_message(make_app, app_params, tmp_path):
    for name, bad in bad_files(tmp_path).items():
        expected = error_of(bad)
        args, kwargs = app_params
        warnings = io.StringIO()
        kwargs.update(confoverrides={"neuron_hw_data": str(bad)}, warning=warnings)
        # The app never finishes starting; the namespace restores what the extensions registered.
        with docutils_namespace(), pytest.raises(SystemExit) as excinfo:
            make_app(*args, **kwargs)
        assert excinfo.value.code == 2, name
        logged = warnings.getvalue()
        assert expected in logged, (name, logged)
        assert "Traceback" not in logged, (name, logged)
