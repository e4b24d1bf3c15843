package fsql

import (
	"context"
	"log/slog"
)

// logDebug logs a query at debug level, but builds the logger with the query's arguments
// (whole documents, quoted) only when debug logging is on: as released, every statement
// did that work to log nothing, about a tenth of FerretDB's CPU under this service's writes.
func logDebug(ctx context.Context, l *slog.Logger, fields []any, msg string) {
	if !l.Enabled(ctx, slog.LevelDebug) {
		return
	}

	l.With(fields...).DebugContext(ctx, msg)
}
