extensions = ["neuron_hw"]
exclude_patterns = ["_build"]
neuron_hw_data = "mini.toml"
nitpicky = True
