"""Reader titles for the notes of the data file, grouped by what they concern (the sources page).

A note's key stays its anchor; the title is what a reader scans.  A note missing here is still
listed, under a group read from the figures that carry it and its first sentence as its title.
"""

from __future__ import annotations

CHIPS, CORES, SYSTEMS, SOFTWARE, CONVENTIONS = "chips", "cores", "systems", "software", "conventions"

GROUPS = {
    CHIPS: "Chips",
    CORES: "NeuronCores",
    SYSTEMS: "Instances and UltraServers",
    SOFTWARE: "Runtime, tools and guides",
    CONVENTIONS: "Units, rounding and this site's conventions",
}

TITLES: dict[str, tuple[str, str]] = {
    "generation": (CONVENTIONS, "Two ways of counting generations"),
    "trainium-compute": (CHIPS, "Trainium's compute: 190 or 191 TFLOPS"),
    "trainium-hbm-bw": (CHIPS, "Trainium's memory bandwidth: 820 GiB/s, 820 GB/s or 0.8 TB/s"),
    "trainium-neuronlink": (CHIPS, "Trainium's NeuronLink bandwidth per chip"),
    "trn1-table": (SYSTEMS, "The Trn1 table's lost NeuronLink header"),
    "trn1-neuronlink": (SYSTEMS, "NeuronLink per chip on trn1.32xlarge and trn1n.32xlarge"),
    "inf2-ebs": (SYSTEMS, "EBS bandwidth of inf2.48xlarge"),
    "exec-timeout": (SOFTWARE, "Execution timeout: 30 or 2 seconds"),
    "trn3-pcie-gen2": (SYSTEMS, "Which Trn3 UltraServer the PCIe fabric section describes"),
    "trn1-ultracluster": (SYSTEMS, "Size of a Trn1 UltraCluster"),
    "derived": (CONVENTIONS, "Figures this site computes"),
    "cc-cores": (CHIPS, "Trainium2's collective-communication cores: 16 or 20"),
    "trainium3-neuronlink": (CHIPS, "Trainium3's NeuronLink bandwidth per chip"),
    "trainium3-hbm-bw": (CHIPS, "Trainium3's memory bandwidth: 4.7 or 4.9 TB/s"),
    "trainium2-hbm-bw": (CHIPS, "Trainium2's memory bandwidth: 2.9 or 3 TB/s"),
    "trainium3-mx": (CHIPS, "Trainium3's 8-bit rate is an MX rate"),
    "chip-not-additive": (CHIPS, "Chip rates are not core rates times the core count"),
    "ultraserver-rounding": (SYSTEMS, "Trn2 UltraServer totals: exact products, not AWS's rounding"),
    "trn2-ultraserver-efa": (SYSTEMS, "EFA bandwidth of a Trn2 UltraServer"),
    "trn2-efa-sum": (SYSTEMS, "EFA bandwidth of trn2.48xlarge is an instance total"),
    "trn2-3xlarge": (SYSTEMS, "trn2.3xlarge, absent from the hardware documentation"),
    "trn3-capacity-units": (CONVENTIONS, "Trn3 UltraServer memory written in TB"),
    "v2-scalar-vector": (CORES, "NeuronCore-v2 Scalar and Vector Engine figures"),
    "v3-sram": (CORES, "NeuronCore-v3 SBUF: 28 MB or 28 MiB"),
    "v2-tensor": (CORES, "NeuronCore-v2 Tensor Engine: its rate and data types"),
    "inf1-topology": (SYSTEMS, "Inf1 chips: a chain or a ring"),
    "trn3-pcie": (SYSTEMS, "Trn3 PCIe bandwidths: one direction, labelled both"),
    "trainium3-cc-cores": (CHIPS, "Trainium3's collective-communication cores: 16 or 20"),
    "inferentia2-hbm-units": (CHIPS, "Inferentia2's memory bandwidth: 820 GiB/s or 820 GB/s"),
    "memory-pool-up-to": (CHIPS, "Trainium2's memory pool size is a maximum"),
    "trainium2-fp8": (CHIPS, "Trainium2's FP8 rate and the formats it covers"),
    "tensor-rounding": (CONVENTIONS, "Tensor Engine rates rounded two ways"),
    "gpsimd-types-v2": (CORES, "GPSIMD data types after NeuronCore-v2"),
    "efa-column-small-sizes": (SYSTEMS, "EFA on the smaller Inf1 and Trn1 sizes"),
    "trn2u-neuronlink-inter": (SYSTEMS, "NeuronLink between the instances of a Trn2 UltraServer"),
    "bandwidth-converted": (CONVENTIONS, "Totals converted from GiB/s to TB/s"),
    "lnc-default-not-published": (SOFTWARE, "Default LNC size not published"),
    "sparsity-from-v3": (CORES, "Structured sparsity from NeuronCore-v3 on"),
    "dge-from-v3": (CORES, "Descriptor Generation Engine from NeuronCore-v3 on"),
    "v4-plain-fp8": (CORES, "Plain FP8 matrix multiplication on NeuronCore-v4"),
    "sbuf-psum-v1": (CORES, "SBUF and PSUM on NeuronCore-v1"),
    "trainium3-sparse": (CHIPS, "Trainium3's structured-sparsity rate"),
    "unit-conventions": (CONVENTIONS, "Units written inconsistently across AWS's documents"),
    "memory-units-read-as-binary": (CONVENTIONS, "Memory sizes written in KB or MB, read as binary"),
    "memory-pyramid": (CORES, "The memory pyramid of the NKI guides"),
    "batching-inputs": (SOFTWARE, "The inputs of the batching page's examples"),
    "neuronlink-blocks-vs-links": (CHIPS, "NeuronLink blocks in the chip diagrams"),
    "runtime-logging-defaults": (SOFTWARE, "Runtime logging defaults"),
    "virtual-core-size": (SOFTWARE, "NEURON_RT_VIRTUAL_CORE_SIZE and the LNC size"),
    "ec2-core-count": (SYSTEMS, "NeuronCores of trn2.48xlarge in EC2's data"),
    "trn2n-name": (SOFTWARE, "The name trn2n.48xlarge in the tool guides"),
    "neuron-ls-scope": (SOFTWARE, "What the neuron-ls guide covers"),
    "neuron-monitor-version": (SOFTWARE, "The device version that neuron-monitor reports"),
    "sysfs-names": (SOFTWARE, "File names and values in the sysfs guide"),
    "data-types-page-lists": (SOFTWARE, "The shorter lists of the data-types page"),
    "sram-total": (CORES, "SBUF is not all of a core's SRAM"),
    "v3-tensor-outputs": (CORES, "NeuronCore-v3 Tensor Engine output types"),
    "nki-support": (SOFTWARE, "Which chips NKI supports"),
    "collectives-accelerator": (SOFTWARE, "What an accelerator is in the collectives guide"),
    "runtime-notes-inferentia": (SOFTWARE, "Runtime notes written for Inferentia"),
    "lnc-guide-scope": (SOFTWARE, "What the LNC guide covers"),
    "up-to-16-chips": (SYSTEMS, "Inf1 and Trn1 instances: up to 16 chips"),
    "v2-chips": (CORES, "Which chips NeuronCore-v2 powers"),
    "nki-v4-api": (SOFTWARE, "NeuronCore-v4 features without an NKI API"),
    "trainium2-neuronlink-split": (CHIPS, "Trainium2's NeuronLink figure, split by the Trn2 table"),
}


def fallback_title(text: str, limit: int = 70) -> str:
    """A note's first sentence, cut at a word before ``limit`` characters."""
    first = text.split(". ")[0].split("; ")[0].rstrip(".")
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "\u2026"
