// Added to FerretDB's handler by infra/ferretdb.sh (see source-patches.tsv), under the module's
// Apache License 2.0.

package handler

import (
	"context"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/handler/common"
)

// countWithoutReading answers a count of a whole collection (no query, skip or limit: what
// estimatedDocumentCount asks) from the backend's statistics instead of decoding every document.
// On SQLite those count the cells of the table's leaf pages, one per document, so the answer is
// exact. Anything else, or a collection the backend cannot describe, is counted as before.
func countWithoutReading(ctx context.Context, c backends.Collection, params *common.CountParams) (int32, bool) {
	if params.Filter.Len() != 0 || params.Skip != 0 || params.Limit != 0 {
		return 0, false
	}

	stats, err := c.Stats(ctx, new(backends.CollectionStatsParams))
	if err != nil {
		return 0, false
	}

	return int32(stats.CountDocuments), true
}
