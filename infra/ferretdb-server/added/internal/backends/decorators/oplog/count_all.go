// Added to FerretDB's oplog decorator by infra/ferretdb.sh (see source-patches.tsv), under the
// module's Apache License 2.0.

package oplog

import (
	"context"

	"github.com/FerretDB/FerretDB/internal/backends"
)

// CountAll hands the count to the collection beneath: a count writes nothing to the oplog.
func (c *collection) CountAll(ctx context.Context) (int64, bool, error) {
	return backends.CountAll(ctx, c.origC)
}
