// Added to FerretDB's handler by infra/ferretdb.sh (see source-patches.tsv), under the module's
// Apache License 2.0.

package handler

import (
	"context"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/handler/common"
	"github.com/FerretDB/FerretDB/internal/types"
)

// unsetByIDs takes one statement of the shape {q: {_id: {$in: [...]}}, u: {$unset: {field: ...}},
// multi: true} to the backend, which removes the field without decoding the documents (how the
// outbox marks commits published). Any other statement, or a backend that cannot, returns
// handled false, and the statement is carried out as released.
func unsetByIDs(ctx context.Context, c backends.Collection, u *common.Update) (matched, modified int32, handled bool, err error) {
	if !u.Multi || u.Upsert || !u.HasUpdateOperators || u.Filter.Len() != 1 || u.Update.Len() != 1 {
		return 0, 0, false, nil
	}

	condition, _ := u.Filter.Get("_id")
	ids, ok := backends.IDsIn(condition)
	if !ok {
		return 0, 0, false, nil
	}

	operand, _ := u.Update.Get("$unset")
	fields, ok := operand.(*types.Document)
	if !ok || fields.Len() != 1 {
		return 0, 0, false, nil
	}

	return backends.UnsetByIDs(ctx, c, ids, fields.Keys()[0])
}
