extensions = ["myst_parser", "neuron_hw"]
exclude_patterns = ["_build"]
# The data is the made-up tests/roots/test-snapshots/mini.toml, given by the tests (confoverrides).
