"""The indicator pages use the same hand-built archive as the report pages."""
from tests.reports.conftest import archive, fresh_cache  # noqa: F401  (pytest fixtures, used by name)
