"""A full build written beside the site folder and swapped in at the end.

MkDocs empties ``site_dir`` before it writes a page, so a build that fails
half-way would leave no site. ``Staging`` points MkDocs at an empty folder
beside it instead, puts the finished site in place once every plugin has
written its files, and drops the half-built one on failure.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ..build import replace_site, staging_dir


class Staging:
    """The site folder of one build, and the folder it is written to."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.site_dir = config.site_dir
        self.built = staging_dir(Path(config.site_dir))
        config.site_dir = str(self.built)

    def finish(self, config: MkDocsConfig) -> None:
        """Put the finished site in place of the old one."""
        config.site_dir = self.site_dir
        try:
            replace_site(self.built, Path(self.site_dir))
        except OSError as error:
            raise PluginError(
                f"{self.site_dir}: the site was built in {self.built} but could not be "
                f"moved into place: {error}"
            ) from None

    def drop(self) -> None:
        """Remove the half-built site, leaving the old one."""
        shutil.rmtree(self.built, ignore_errors=True)
