"""What the site promises, written down once for the tests.

The first 14 cards are the contract from the original hardware index (titles, one-line
descriptions and ``:link-type: ref`` labels); the next three add the current generation,
then the comparison page and the sources and discrepancies page.
"""

# (card title, description, label, page under hardware/)
CARDS = [
    ("AWS Inferentia", "First-generation inference accelerator chip", "inferentia", "inferentia"),
    ("AWS Inferentia2", "Second-generation inference accelerator chip", "inferentia2", "inferentia2"),
    ("AWS Trainium", "First-generation training accelerator chip", "trainium", "trainium"),
    ("AWS Trainium2", "Second-generation training accelerator chip", "trainium2", "trainium2"),
    ("NeuronCore v1", "Processing unit architecture for Inferentia", "neuron-core-v1", "neuron-core-v1"),
    ("NeuronCore v2", "Processing unit architecture for Inferentia2 and Trainium", "neuron-core-v2", "neuron-core-v2"),
    ("NeuronCore v3", "Processing unit architecture for Trainium2", "neuron-core-v3", "neuron-core-v3"),
    ("NeuronCores Architecture", "Overview of NeuronCore processing units", "neuroncores-arch", "neuroncores-arch"),
    ("Neuron Devices", "Device management and configuration", "neuron-devices", "neuron-devices"),
    ("Neuron Instances", "EC2 instance types with Neuron accelerators", "neuron-instances", "neuron-instances"),
    ("Inf1 Architecture", "Inf1 instance architecture and specifications", "inf1-arch", "inf1-arch"),
    ("Inf2 Architecture", "Inf2 instance architecture and specifications", "inf2-arch", "inf2-arch"),
    ("Trn1 Architecture", "Trn1 instance architecture and specifications", "trn1-arch", "trn1-arch"),
    ("Trn2 Architecture", "Trn2 instance architecture and specifications", "trn2-arch", "trn2-arch"),
    ("AWS Trainium3", "Third-generation training accelerator chip", "trainium3", "trainium3"),
    ("NeuronCore v4", "Processing unit architecture for Trainium3", "neuron-core-v4", "neuron-core-v4"),
    ("Trn3 Architecture", "Trn3 UltraServer architecture and specifications", "trn3-arch", "trn3-arch"),
    (
        "Compare Generations",
        "Every chip and NeuronCore side by side, with sizing tables",
        "hardware-comparison",
        "compare",
    ),
    (
        "Sources and Discrepancies",
        "Every source cited and the conflicts between AWS documents that bear on this site",
        "hardware-sources",
        "sources",
    ),
]

PAGES = [page for *_, page in CARDS]

# Labels the public AWS docs use for the same pages, kept so intersphinx references resolve.
AWS_LABELS = {
    "neuron-hardware-index": "index",
    "inferentia-arch": "inferentia",
    "inferentia2-arch": "inferentia2",
    "trainium-arch": "trainium",
    "trainium2-arch": "trainium2",
    "trainium3-arch": "trainium3",
    "neuroncores-v1-arch": "neuron-core-v1",
    "neuroncores-v2-arch": "neuron-core-v2",
    "neuroncores-v3-arch": "neuron-core-v3",
    "neuroncores-v4-arch": "neuron-core-v4",
    "neuroncores-arch": "neuroncores-arch",
    "neurondevices-arch": "neuron-devices",
    "neuroninstances-arch": "neuron-instances",
    "aws-inf1-arch": "inf1-arch",
    "aws-inf2-arch": "inf2-arch",
    "aws-trn1-arch": "trn1-arch",
    "aws-trn2-arch": "trn2-arch",
    "aws-trn3-arch": "trn3-arch",
}
