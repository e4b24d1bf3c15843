// Added to FerretDB's oplog decorator by infra/ferretdb.sh (see source-patches.tsv), under the
// module's Apache License 2.0.

package oplog

import (
	"context"

	"github.com/FerretDB/FerretDB/internal/backends"
)

// UnsetByIDs hands the removal to the collection beneath when there is no oplog to write; with
// one, it declines, and the update goes as released, recording each document it writes.
func (c *collection) UnsetByIDs(ctx context.Context, ids []any, field string) (int32, int32, bool, error) {
	if c.oplogCollection(ctx) != nil {
		return 0, 0, false, nil
	}

	return backends.UnsetByIDs(ctx, c.origC, ids, field)
}
