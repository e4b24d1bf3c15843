// Added to FerretDB's backends by infra/ferretdb.sh (see source-patches.tsv), under the
// module's Apache License 2.0.

package backends

import (
	"context"

	"github.com/FerretDB/FerretDB/internal/types"
)

// ByIDReplacer is a backend collection that can read and rewrite documents chosen by _id in one
// transaction.
type ByIDReplacer interface {
	// ReplaceEachByID reads, in one transaction, the document whose _id is each of ids in turn
	// (nil when there is none) and hands it to change with its index; the document change returns
	// is written in its place, nothing when it returns nil. A change's error, or the storage's,
	// rolls the whole transaction back. ok is false when the collection cannot do it, and then
	// nothing was read or written.
	ReplaceEachByID(ctx context.Context, ids []string, change func(i int, stored *types.Document) (*types.Document, error)) (ok bool, err error)
}

// ReplaceEachByID asks the collection beneath the contract wrapper to do it; ok is false when
// it cannot, and the caller updates the documents as released.
func ReplaceEachByID(ctx context.Context, c Collection, ids []string, change func(i int, stored *types.Document) (*types.Document, error)) (bool, error) {
	replacer, can := beneathContract(c).(ByIDReplacer)
	if !can {
		return false, nil
	}

	return replacer.ReplaceEachByID(ctx, ids, change)
}
