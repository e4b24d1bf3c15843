// Added to FerretDB's handler by infra/ferretdb.sh (see source-patches.tsv), under the module's
// Apache License 2.0.

package handler

import (
	"context"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/handler/common"
)

// countWithoutReading answers a count of a whole collection (no query, skip or limit: what
// estimatedDocumentCount asks) by asking the backend how many rows it holds (backends.CountAll)
// instead of decoding every document; the answer is exact. Anything else, or a backend that
// cannot count, is counted as before.
func countWithoutReading(ctx context.Context, c backends.Collection, params *common.CountParams) (int32, bool) {
	if params.Filter.Len() != 0 || params.Skip != 0 || params.Limit != 0 {
		return 0, false
	}

	n, ok, err := backends.CountAll(ctx, c)
	if err != nil || !ok {
		return 0, false
	}

	return int32(n), true
}
