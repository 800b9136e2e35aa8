"""Benchmarks (`make bench`): a large organisation on PostgreSQL, and the figures the
sprints issue sets bars for. Not part of the test suite: speed is measured here."""
