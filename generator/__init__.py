"""Bianmin (便民): a county's service catalogue as a website, printed guides and open data."""

__version__ = "0.1.0"
