"""Tests of the analysis engine (issue 3 items 1-5, 7, 8)."""
