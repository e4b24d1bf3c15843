// Added to FerretDB's SQLite backend by infra/ferretdb.sh (see source-patches.tsv), under the
// module's Apache License 2.0.

package sqlite

import (
	"context"
	"fmt"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/util/fsql"
	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
)

// UnsetByIDs removes a top-level field from the documents with those _ids in one statement and
// one transaction, with SQLite's JSON functions: from the document, from its schema's
// properties ("$s".p) and from its schema's list of keys ("$s"."$k"), which is all sjson keeps of
// a field. Released, an update decodes each document into Go, applies the operator, encodes it
// again and writes it in a transaction of its own. Rows whose schema does not list the field
// are left as they are rather than given a document sjson could not read back.
func (c *collection) UnsetByIDs(ctx context.Context, ids []any, field string) (int32, int32, bool, error) {
	if len(ids) == 0 || !plainField.MatchString(field) || field == "_id" {
		return 0, 0, false, nil
	}

	db := c.r.DatabaseGetExisting(ctx, c.dbName)
	if db == nil {
		return 0, 0, true, nil
	}

	meta := c.r.CollectionGet(ctx, c.dbName, c.name)
	if meta == nil {
		return 0, 0, true, nil
	}

	if meta.Capped() {
		return 0, 0, false, nil
	}

	chosen, args := idIn(ids)

	column := metadata.DefaultColumn
	keyIndex := fmt.Sprintf(`(SELECT key FROM json_each(%s, '$."$s"."$k"') WHERE value = '%s')`, column, field)
	count := fmt.Sprintf(`SELECT COUNT(*) FROM %q WHERE %s`, meta.TableName, chosen)
	update := fmt.Sprintf(
		`UPDATE %[1]q SET %[2]s = json_remove(%[2]s, '$."%[3]s"', '$."$s".p."%[3]s"', '$."$s"."$k"[' || %[4]s || ']') `+
			`WHERE %[5]s AND %[2]s->'$."%[3]s"' IS NOT NULL AND %[4]s IS NOT NULL`,
		meta.TableName, column, field, keyIndex, chosen,
	)

	var matched, modified int32

	err := db.InTransaction(ctx, func(tx *fsql.Tx) error {
		if err := tx.QueryRowContext(ctx, count, args...).Scan(&matched); err != nil {
			return lazyerrors.Error(err)
		}

		res, err := tx.ExecContext(ctx, update, args...)
		if err != nil {
			return lazyerrors.Error(err)
		}

		n, err := res.RowsAffected()
		if err != nil {
			return lazyerrors.Error(err)
		}

		modified = int32(n)

		return nil
	})
	if err != nil {
		return 0, 0, true, err
	}

	return matched, modified, true, nil
}
