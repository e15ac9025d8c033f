"""Real Pelican builds: golden output, pages, the output folder, the preview and its server."""
