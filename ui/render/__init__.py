"""Render functions: each draws one part of a page from typed search results."""
