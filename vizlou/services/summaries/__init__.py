"""Counting for planners: area summaries, activity over time, where to go next."""
