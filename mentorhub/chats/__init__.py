"""Chats feature."""
