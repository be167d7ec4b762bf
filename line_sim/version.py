"""The installed drytwin version, recorded with every stored run."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("drytwin")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"
