// Added to FerretDB's SQLite backend by infra/ferretdb.sh (see source-patches.tsv), under the
// module's Apache License 2.0.

package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/fsql"
	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// ReplaceEachByID reads and rewrites the documents by _id in one transaction, one commit (and
// one fsync of the WAL) for them all, where released each statement of an update was a query
// and then a transaction of its own. Collections with a unique index besides _id's are left to
// the released code: there a rewrite that breaks the index fails alone, and here it would take
// the others with it.
func (c *collection) ReplaceEachByID(ctx context.Context, ids []string, change func(i int, stored *types.Document) (*types.Document, error)) (bool, error) {
	meta := c.r.CollectionGet(ctx, c.dbName, c.name)
	db := c.r.DatabaseGetExisting(ctx, c.dbName)

	if meta == nil || db == nil {
		for i := range ids {
			if _, err := change(i, nil); err != nil {
				return true, err
			}
		}

		return true, nil
	}

	if meta.Capped() {
		return false, nil
	}

	for _, index := range meta.Settings.Indexes {
		if index.Unique && index.Name != "_id_" {
			return false, nil
		}
	}

	read := fmt.Sprintf(`SELECT %s FROM %q WHERE %s = ?`, metadata.DefaultColumn, meta.TableName, metadata.IDColumn)
	write := fmt.Sprintf(`UPDATE %q SET %s = ? WHERE %s = ?`, meta.TableName, metadata.DefaultColumn, metadata.IDColumn)

	err := db.InTransaction(ctx, func(tx *fsql.Tx) error {
		for i, id := range ids {
			arg := string(must.NotFail(sjson.MarshalSingleValue(id)))

			var stored *types.Document
			var raw []byte

			switch err := tx.QueryRowContext(ctx, read, arg).Scan(&raw); {
			case errors.Is(err, sql.ErrNoRows):
			case err != nil:
				return lazyerrors.Error(err)
			default:
				if stored, err = sjson.Unmarshal(raw); err != nil {
					return lazyerrors.Error(err)
				}
			}

			replacement, err := change(i, stored)
			if err != nil {
				return err
			}

			if replacement == nil {
				continue
			}

			b, err := sjson.Marshal(replacement)
			if err != nil {
				return lazyerrors.Error(err)
			}

			if _, err = tx.ExecContext(ctx, write, string(b), arg); err != nil {
				return lazyerrors.Error(err)
			}
		}

		return nil
	})
	if err != nil {
		return true, err
	}

	return true, nil
}
