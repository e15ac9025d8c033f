"""Records from other systems' exports: read, map to the project's records, merge, report."""
