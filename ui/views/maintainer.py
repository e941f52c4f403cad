"""The maintainer's page: what the index holds, how fresh it is, and the reports sent in."""

from __future__ import annotations

import streamlit as st

from ui import formatting, services
from ui import settings as ui_settings
from ui.render import banners
from ui.safe import md_text, plain


def status_section(cfg: ui_settings.UiSettings) -> None:
    status, error = services.index_status(cfg.index_alias)
    if error:
        st.error(error, icon=":material/error:")
        return
    if not status.get("indices"):
        st.warning(
            f"The alias “{md_text(cfg.index_alias)}” does not exist yet. Load records with "
            "`clinics index FILE --mode rebuild`.",
            icon=":material/inbox:",
        )
        return
    columns = st.columns(4)
    columns[0].metric("Providers", f"{status.get('documents', 0):,}")
    columns[1].metric("Sources", len(status.get("by_source") or {}))
    columns[2].metric(
        "Oldest verification", formatting.day(status.get("oldest_last_verified")) or "–"
    )
    columns[3].metric("Newest sighting", formatting.day(status.get("newest_last_seen")) or "–")
    st.markdown(
        f"Alias **{md_text(status.get('alias'))}** → "
        + ", ".join(f"`{plain(name)}`" for name in status.get("indices") or [])
        + (" · holds sample records" if status.get("sample") else "")
    )
    if status.get("other_versions"):
        st.caption("Older versions kept: " + md_text(", ".join(status["other_versions"])))

    st.subheader("Providers by source")
    by_source = status.get("by_source") or {}
    crawls = status.get("last_crawls") or {}
    rows = []
    for source in sorted(set(by_source) | set(crawls)):
        crawl = crawls.get(source) or {}
        rows.append(
            {
                "Source": formatting.source_name(source),
                "Code": source,
                "Providers": by_source.get(source, 0),
                "Last crawl finished": formatting.day(crawl.get("finished_at")),
                "Records in it": crawl.get("records"),
                "Full crawl": bool(crawl.get("full")) if crawl else None,
                "Loaded": formatting.day(crawl.get("loaded_at")),
            }
        )
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch")
    else:
        st.caption("No documents yet.")


def reports_section() -> None:
    st.subheader("Reports of incorrect information")
    found, error = services.reports(200)
    if error:
        st.error(error, icon=":material/error:")
        return
    if not found:
        st.caption("No reports yet.")
        return
    rows = [
        {
            "Received": plain(item.get("created_at")),
            "Provider id": plain(item.get("doc_id"), 200),
            "Message": plain(item.get("message"), 2_000),
            "Contact": plain(item.get("contact"), 300),
        }
        for item in found
    ]
    st.dataframe(rows, hide_index=True, width="stretch")


def page() -> None:
    cfg = ui_settings.load()
    banners.crisis_banner()
    banners.sample_banner(services.holds_sample_records(cfg.index_alias))
    st.title("Maintainer", anchor=False)
    st.caption("Index status, counts by source, freshness and reports. Refreshes on reload.")
    status_section(cfg)
    reports_section()


page()
