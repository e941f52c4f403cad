"""The index: its design (mapping, fields, aliases), loading, merging, status and reports.

Searching it is the search package (search/).
"""
