"""edition: parallel Russian/English academic editions from Markdown sources."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("edition")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = ["__version__"]
