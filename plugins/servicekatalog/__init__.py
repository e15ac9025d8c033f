"""The site's Pelican side: Pelican's settings and template environment render the planned pages.

driver.py builds the site (and the preview, preview.py) from the core's plan; generator.py
is a Pelican Generator used for its template environment only; server.py serves the preview.
"""
