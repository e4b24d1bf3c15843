// Added to FerretDB's handler by infra/ferretdb.sh (see source-patches.tsv), under the module's
// Apache License 2.0.

package handler

import (
	"context"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/handler/common"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// unsetByIDs takes one statement of the shape {q: {_id: {$in: [...]}}, u: {$unset: {field: ...}},
// multi: true} to the backend, which removes the field without decoding the documents (how the
// outbox marks commits published). Any other statement, or a backend that cannot, returns
// handled false, and the statement is carried out as released.
func unsetByIDs(ctx context.Context, c backends.Collection, u *common.Update) (matched, modified int32, handled bool, err error) {
	if !u.Multi || u.Upsert || !u.HasUpdateOperators || u.Filter.Len() != 1 || u.Update.Len() != 1 {
		return 0, 0, false, nil
	}

	ids, ok := idsIn(u.Filter)
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

// idsIn reads {_id: {$in: [strings or ObjectIds]}}; an _id is never an array, so that is a plain
// choice among values.
func idsIn(filter *types.Document) ([]any, bool) {
	condition, _ := filter.Get("_id")
	operators, ok := condition.(*types.Document)
	if !ok || operators.Len() != 1 {
		return nil, false
	}

	in, _ := operators.Get("$in")
	values, ok := in.(*types.Array)
	if !ok || values.Len() == 0 {
		return nil, false
	}

	ids := make([]any, values.Len())
	for i := range ids {
		ids[i] = must.NotFail(values.Get(i))
		switch ids[i].(type) {
		case string, types.ObjectID:
		default:
			return nil, false
		}
	}

	return ids, true
}
