extensions = ["myst_parser", "neuron_hw"]
exclude_patterns = ["_build"]
