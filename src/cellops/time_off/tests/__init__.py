"""Tests for time off (TO-1 … TO-9)."""
