extensions = ["site_polish"]
exclude_patterns = ["_build"]
