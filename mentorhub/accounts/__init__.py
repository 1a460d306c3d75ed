"""Accounts feature."""
