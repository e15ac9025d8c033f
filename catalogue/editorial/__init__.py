"""Tools for editors and CI: review report and dates, diff, git, link check, CODEOWNERS, new records."""
