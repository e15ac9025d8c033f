"""What survives between runs: the record cache, the text memo, per-record values."""
