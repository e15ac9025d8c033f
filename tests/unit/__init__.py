"""Records, checks and the core's parts one by one: examples, hostile files, the YAML reader, rules, caches, the CLI."""
