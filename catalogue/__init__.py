"""Service catalogue core: load, validate and publish records; never imports Pelican."""
