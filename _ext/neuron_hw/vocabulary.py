"""The words the data file, its model and the pages share, defined once.

* the standard figures of each kind of entry: key -> (row label, dimension its unit measures);
* the totals this site computes for a system (chips x per-chip figure), their labels and keys;
* engine keys and names, topology shapes, the file's sections, where extra figures apply (scopes),
  the kind of path each section's figures have (``chip:trainium2:hbm-per-stack``) and the kinds of
  entity the downloads name, each with its own level;
* the notes the tables attach by key, whatever the data;
* the families of data types (which count as an 8-bit float, which are MX formats);
* the row label of a compute rate, and the slug of a name in an HTML class or id.

Nothing here imports the rest of the package: every layer may read it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

# -- What each key measures ---------------------------------------------------------------------
# figure key -> (row label, dimension its unit must measure); the labels are also the page rows.
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
TENSOR, VECTOR, SCALAR, GPSIMD = "tensor", "vector", "scalar", "gpsimd"  # keys of a core's engines
ENGINES = {TENSOR: "Tensor Engine", VECTOR: "Vector Engine", SCALAR: "Scalar Engine", GPSIMD: "GPSIMD Engine"}

# Totals that scale with the chip count: system total key -> chip figure key.
SCALED_TOTALS = {"device_memory": "device_memory", "memory_bandwidth": "memory_bandwidth"}
TOTAL_LABELS = {"device_memory": "Device memory", "memory_bandwidth": "Device memory bandwidth"}
# A system's totals among its figures: ``total.<key>`` computed here, ``published.<key>`` as AWS gives it.
TOTAL_PREFIX, PUBLISHED_PREFIX = "total.", "published."


def total_metric(key: str) -> str:
    """``device_memory`` -> ``total.device_memory``: the computed total's key among a system's figures."""
    return f"{TOTAL_PREFIX}{key}"


def published_metric(key: str) -> str:
    """``device_memory`` -> ``published.device_memory``: the total as AWS publishes it."""
    return f"{PUBLISHED_PREFIX}{key}"


# ring: each chip linked to the next and the last to the first; line: the same without the closing
# link; torus: a square grid whose rows and columns are rings; ultraserver-torus: one such torus in
# each server of an UltraServer, with the chips at the same position in every server in a ring;
# switched: an UltraServer's servers joined by switches, one per half (diagrams_fabric.py).
RING, LINE, TORUS, ULTRASERVER_TORUS = "ring", "line", "torus", "ultraserver-torus"
SWITCHED = "switched"
TOPOLOGY_SHAPES = (RING, LINE, TORUS, ULTRASERVER_TORUS, SWITCHED)
GRID_SHAPES = (TORUS, ULTRASERVER_TORUS)

SECTIONS = (
    "sources",
    "notes",
    "chips",
    "cores",
    "families",
    "instances",
    "ultraservers",
    "comparisons",
    "software",
    "topologies",
)

Loc = tuple[str | int, ...]

# Where an extra figure applies, when it is not the entity's own level (see DEFAULT_SCOPE).
SCOPES = (
    "per NeuronCore",
    "per partition",
    "per DMA engine",
    "per GPSIMD processor",
    "per instruction",
    "per chip",
    "per link",
    "per hop",
    "per transfer",
    "per rank",
    "per server",
    "per instance",
    "per UltraServer",
    "per UltraCluster",
    "ratio",
    "setting",
)
DEFAULT_SCOPE = {
    "chips": "per chip",
    "cores": "per NeuronCore",
    "instances": "per instance",
    "ultraservers": "per UltraServer",
}
# The kind of entity the downloads and the records name for each section, and the scope of a figure
# at the entity's own level (a family has none; a software setting states its own).
ENTITY_KINDS = {
    "chips": "chip",
    "cores": "core",
    "families": "family",
    "instances": "instance",
    "ultraservers": "ultraserver",
    "software": "software",
}
SECTION_OF = {kind: section for section, kind in ENTITY_KINDS.items()}
# Two namespaces name the systems, both published: an instance or an UltraServer is the entity
# ``instance:<id>`` or ``ultraserver:<id>`` (the downloads' entities), while its figures are
# ``system:<id>:<key>`` (figure ids, anchors, :spec: paths), since both kinds share one set of ids
# (ARCHITECTURE.md, "Ids").  Every id is written by these three functions.
SYSTEM_KIND = "system"


def figure_kind(entity_kind: str) -> str:
    """The kind a figure id names an entity of ``entity_kind`` by: ``instance`` -> ``system``."""
    return SYSTEM_KIND if entity_kind in ("instance", "ultraserver") else entity_kind


def entity_id(entity_kind: str, key: str) -> str:
    """An entity's id in the downloads: ``instance:trn2.48xlarge``, ``chip:trainium2``."""
    return f"{entity_kind}:{key}"


def figure_path(entity_kind: str, key: str, metric: str) -> str:
    """A figure's id (its path): ``figure_path("instance", "trn2.48xlarge", "chips")`` -> ``system:trn2.48xlarge:chips``."""
    return f"{figure_kind(entity_kind)}:{key}:{metric}"


# The kind in the paths of each section's figures (``chip:trainium2:hbm-per-stack``).
KINDS = {section: figure_kind(kind) for section, kind in ENTITY_KINDS.items()}
ENTITY_SCOPE = {kind: DEFAULT_SCOPE.get(section) for section, kind in ENTITY_KINDS.items()}


def extra_path(loc: Loc) -> str:
    """``("chips", "trainium2", "extra", "hbm-per-stack")`` -> ``chip:trainium2:hbm-per-stack``."""
    section, eid, _, key = loc
    return figure_path(ENTITY_KINDS[str(section)], str(eid), str(key))


# -- Extra figures the code reads by key, on whichever entry holds them ---------------------------
LNC_LARGEST_KEY = "lnc-largest-size"  # [software.*]: the largest Logical NeuronCore size software accepts
MX_GROUP_KEY = "mx-group"  # [cores.*] of a core that takes MX formats: elements sharing one scale
MX_SCALE_BITS_KEY = "mx-scale-bits"  # ... and the width of that scale
EFA_PER_CHIP_KEY = "efa-per-chip"  # [families.*]: EFA bandwidth per chip (an UltraServer's total / its chips)


# -- Notes the tables attach by key, whatever the data: each must exist in [notes] ----------------
DERIVED_NOTE = "derived"  # a figure this site computes
GENERATION_NOTE = "generation"  # the two generation counts of a chip
NOT_ADDITIVE_NOTE = "chip-not-additive"  # why per-core and per-chip peaks do not multiply out
BANDWIDTH_CONVERTED_NOTE = "bandwidth-converted"  # a bandwidth converted to a table's unit
LNC_DEFAULT_UNKNOWN = "lnc-default-not-published"  # a logical-core count whose default LNC is not published
REQUIRED_NOTES = {
    DERIVED_NOTE: "marks a figure this site computes",
    GENERATION_NOTE: "explains the two generation counts on chip tables",
    NOT_ADDITIVE_NOTE: "explains why per-core and per-chip peaks do not multiply out",
    BANDWIDTH_CONVERTED_NOTE: "explains a bandwidth converted to the overview's unit",
    LNC_DEFAULT_UNKNOWN: "marks a logical-core count whose default LNC is not published",
}


# -- Families of data types ---------------------------------------------------------------------
# MX formats: elements stored with one shared scale per block of elements.
MX_TYPES = ("MXFP8", "MXFP4")
# 8-bit floats without a block scale: plain FP8 and configurable FP8.
PLAIN_FP8_TYPES = ("FP8", "cFP8")
# Every 8-bit float, in the order a rate for "8-bit float" is looked for: plain first, then MX.
FP8_TYPES = (*PLAIN_FP8_TYPES, "MXFP8")


def is_mx(dtype: str) -> bool:
    """Whether ``dtype`` is an MX format (a block of elements shares one scale)."""
    return dtype in MX_TYPES


class Rate(Protocol):
    @property
    def types(self) -> Sequence[str]: ...  # the data types the rate applies to

    @property
    def mode(self) -> str: ...  # "dense" or "sparse"


def compute_row_label(figure: Rate) -> str:
    """The row label of a compute rate: ``Compute, FP16, BF16 (dense)``."""
    return f"Compute, {', '.join(figure.types)} ({figure.mode})"


def slug(text: str) -> str:
    """A name as part of an HTML class or id: ``Training and inference`` -> ``training-and-inference``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
