"""Check records beyond their schema and report the problems: rules, links, freshness, the check run, reporters."""
