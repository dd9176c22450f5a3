"""Facilitated sessions (events): their life, and what happened in them."""
