extensions = ["compact_cells"]
exclude_patterns = ["_build"]
