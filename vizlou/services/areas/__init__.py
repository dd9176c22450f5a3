"""Area layers: import, look-up, and which area of each layer a point falls in."""
