"""The MkDocs adapter, the only part of the package that imports MkDocs.

``config.py`` declares the plugin's options; ``setup.py`` makes the
engine's build from them and adds what its pages need to the site's
settings; ``files.py`` turns what the engine made into MkDocs files and
keeps record pages out of an automatic navigation; ``staging.py`` builds a
full site beside the old one and swaps it in at the end; ``plugin.py`` holds
the event methods, each handing its work to the engine's ``SiteBuild``.
"""

from .config import DossierConfig
from .plugin import DossierPlugin

__all__ = ["DossierConfig", "DossierPlugin"]
