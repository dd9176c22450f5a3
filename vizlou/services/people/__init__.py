"""Participants (anonymous residents) and staff users."""
