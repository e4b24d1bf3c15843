// Added to FerretDB's handler by infra/ferretdb.sh (see source-patches.tsv), under the module's
// Apache License 2.0.

package common

import (
	"context"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/types"
)

// ReplaceEachByID carries out an update command whose every statement replaces at most one
// document chosen by a string _id (and maybe more conditions, a version guard), with no
// operators and no upsert, in one transaction of the backend (backends.ReplaceEachByID). Each
// statement is decided as released: the stored document must pass the whole filter
// (FilterDocument), is replaced as processReplacementDoc replaces it, and counts as modified
// only when it changes. Statements are checked first (the replacement's _id, its validity), so
// that a command the released code would answer with an error goes to it whole; handled is
// false then, and for any other command, and nothing was written.
func ReplaceEachByID(ctx context.Context, c backends.Collection, updates []Update) (matched, modified int32, handled bool, err error) {
	ids := make([]string, len(updates))

	for i, u := range updates {
		if u.Multi || u.Upsert || u.HasUpdateOperators || u.Update == nil {
			return 0, 0, false, nil
		}

		filtered, _ := u.Filter.Get("_id")

		id, ok := filtered.(string)
		if !ok {
			return 0, 0, false, nil
		}

		if updated, _ := u.Update.Get("_id"); updated != nil && updated != any(id) {
			return 0, 0, false, nil
		}

		replacement := u.Update.ShallowCopy()
		replacement.Set("_id", id)

		if replacement.ValidateData() != nil {
			return 0, 0, false, nil
		}

		ids[i] = id
	}

	ok, err := backends.ReplaceEachByID(ctx, c, ids, func(i int, stored *types.Document) (*types.Document, error) {
		u := updates[i]
		if stored == nil {
			return nil, nil
		}

		if match, err := FilterDocument(stored, u.Filter); err != nil || !match {
			return nil, err
		}

		matched++

		changed, err := processReplacementDoc("update", stored, u.Update)
		if err != nil || !changed {
			return nil, err
		}

		modified++

		return stored, nil
	})
	if !ok {
		return 0, 0, false, nil
	}

	if err != nil {
		return 0, 0, true, err
	}

	return matched, modified, true, nil
}
