"""Bulk public files to crawl-format JSONL, offline: the NPPES monthly file
(crawler.bulk.nppes) and tabular directory exports (crawler.bulk.table).

Both give the records a crawl gives: the same page-object mapping where there is one, the
same cleaning and classification pipelines (crawler.bulk.records), the same JSONL lines,
dead letters and summary beside the output (`clinics import`, docs/sources.md).
"""
