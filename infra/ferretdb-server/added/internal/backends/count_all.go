// Added to FerretDB's backends by infra/ferretdb.sh (see source-patches.tsv), under the
// module's Apache License 2.0.

package backends

import "context"

// DocumentCounter is a backend collection that can count all its documents without decoding them.
type DocumentCounter interface {
	// CountAll returns how many documents the collection holds; ok is false when it cannot tell.
	CountAll(ctx context.Context) (n int64, ok bool, err error)
}

// CountAll asks the collection beneath the contract wrapper to count its documents; ok is false
// when it cannot, and the caller counts them as released.
func CountAll(ctx context.Context, c Collection) (n int64, ok bool, err error) {
	counter, can := beneathContract(c).(DocumentCounter)
	if !can {
		return 0, false, nil
	}

	return counter.CountAll(ctx)
}
