// Added to FerretDB's oplog decorator by infra/ferretdb.sh (see source-patches.tsv), under the
// module's Apache License 2.0.

package oplog

import (
	"context"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/types"
)

// ReplaceEachByID hands the replacements to the collection beneath when there is no oplog to
// write; with one, it declines, and the update goes as released, recording each document.
func (c *collection) ReplaceEachByID(ctx context.Context, ids []string, change func(i int, stored *types.Document) (*types.Document, error)) (bool, error) {
	if c.oplogCollection(ctx) != nil {
		return false, nil
	}

	return backends.ReplaceEachByID(ctx, c.origC, ids, change)
}
