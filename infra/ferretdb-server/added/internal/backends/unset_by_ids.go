// Added to FerretDB's backends by infra/ferretdb.sh (see source-patches.tsv), under the
// module's Apache License 2.0.

package backends

import "context"

// FieldUnsetter is a backend collection that can remove one top-level field from the documents
// chosen by _id inside its storage, without decoding and encoding each document in Go.
type FieldUnsetter interface {
	// UnsetByIDs removes field from the documents whose _id is one of ids. It returns how many
	// documents have one of those ids (matched) and how many of them held the field (modified).
	// ok is false when it cannot do it for this collection, and then nothing was written.
	UnsetByIDs(ctx context.Context, ids []any, field string) (matched, modified int32, ok bool, err error)
}

// UnsetByIDs asks the collection beneath the contract wrapper to remove field itself; ok is
// false when it cannot, and the caller updates the documents as released.
func UnsetByIDs(ctx context.Context, c Collection, ids []any, field string) (matched, modified int32, ok bool, err error) {
	unsetter, can := beneathContract(c).(FieldUnsetter)
	if !can {
		return 0, 0, false, nil
	}

	return unsetter.UnsetByIDs(ctx, ids, field)
}
