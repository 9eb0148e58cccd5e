"""Stage 4, render: pages as Markdown from templates."""

from .pages import PageSpec, RenderedPage, SiteRenderer, record_title, site_pages, src_uri

__all__ = ["PageSpec", "RenderedPage", "SiteRenderer", "record_title", "site_pages", "src_uri"]
