"""What the site shows: publish, the page plan, German formatting, Markdown, JSON-LD, open data, feeds, the output's generations."""
