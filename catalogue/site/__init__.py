"""What the site shows: the published catalogue, German formatting, Markdown, JSON-LD, open data, feeds, the output folder."""
