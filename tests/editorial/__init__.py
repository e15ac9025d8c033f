"""Editors' and CI's tools: diff, link check, CODEOWNERS, the CI templates."""
