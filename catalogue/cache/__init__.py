"""What survives between runs: the record cache and the content-addressed stores of every output."""
