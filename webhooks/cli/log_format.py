"""Log lines as ``event key=value ...``: the stable event key, then its ``extra`` fields."""

import logging

# Attributes every LogRecord has; anything else came in through ``extra=``.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class KeyValueFormatter(logging.Formatter):
    """``2026-11-24T10:00:00 INFO journeys.imported created=3 updated=0``."""

    def format(self, record: logging.LogRecord) -> str:
        fields = " ".join(
            f"{key}={value!r}" if isinstance(value, str) and " " in value else f"{key}={value}"
            for key, value in vars(record).items()
            if key not in _STANDARD
        )
        line = f"{self.formatTime(record, '%Y-%m-%dT%H:%M:%S')} {record.levelname} "
        line += record.getMessage() + (f" {fields}" if fields else "")
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def configure_logging(verbose: bool) -> None:
    """Send our log lines to stderr: INFO and up with ``--verbose``, else warnings only."""
    handler = logging.StreamHandler()
    handler.setFormatter(KeyValueFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO if verbose else logging.WARNING)
    # Alembic narrates every migration step at INFO; ours says what matters.
    logging.getLogger("alembic").setLevel(logging.WARNING)
