"""Warta: a platform for running a news network."""
