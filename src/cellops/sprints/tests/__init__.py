"""Tests for the sprints app."""
