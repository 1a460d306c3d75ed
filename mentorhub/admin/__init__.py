"""Site administration: the plugins page (switch plugins on and off, per club too)."""
