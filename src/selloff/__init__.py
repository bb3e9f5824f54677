"""Shared model and data package of the book."""
