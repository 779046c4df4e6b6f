"""The default limits of one import, apart so settings can read them without loading the importers.

Callers pass their own (IMPORT_MAX_BYTES, IMPORT_MAX_ROWS in bot.config). A ministry's
200,000-activity plan is about 45 MiB of template CSV.
"""

MAX_BYTES = 64 * 1024 * 1024
MAX_ROWS = 200_000  # data rows (activities); also where the readers stop, whatever the caller's limit
