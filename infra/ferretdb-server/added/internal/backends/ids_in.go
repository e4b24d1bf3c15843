// Added to FerretDB's backends by infra/ferretdb.sh (see source-patches.tsv), under the
// module's Apache License 2.0.

package backends

import (
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// IDsIn reads the condition on _id {$in: [strings or ObjectIds]}; any other condition gives
// false. An _id is never an array, so $in on it is a plain choice among values.
func IDsIn(condition any) ([]any, bool) {
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
