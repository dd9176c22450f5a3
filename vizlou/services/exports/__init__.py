"""Exports: tables of ideas, ballots and summaries, written in every format."""
