"""Stage 4, render: pages as Markdown from templates."""

from .pages import RenderedPage, SiteRenderer, page_url, record_title, src_uri

__all__ = ["RenderedPage", "SiteRenderer", "page_url", "record_title", "src_uri"]
