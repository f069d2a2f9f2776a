extensions = ["neuron_hw"]
exclude_patterns = ["_build"]
