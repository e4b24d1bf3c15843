// Added to FerretDB's SQLite backend by infra/ferretdb.sh (see source-patches.tsv), under the
// module's Apache License 2.0.

package sqlite

import (
	"fmt"
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// idInWhere narrows {_id: {$in: [strings or ObjectIds]}} to those rows through the _id index;
// for any other condition on _id it returns no clause and the table is read as before. An _id
// is never an array, so $in on it is a plain choice among values. Handlers filter what the
// backend returns again, so the clause only has to keep every row that can match.
func idInWhere(condition any) (string, []any) {
	operators, ok := condition.(*types.Document)
	if !ok || operators.Len() != 1 {
		return "", nil
	}

	in, _ := operators.Get("$in")
	values, ok := in.(*types.Array)
	if !ok || values.Len() == 0 {
		return "", nil
	}

	placeholders := make([]string, values.Len())
	args := make([]any, values.Len())

	for i := 0; i < values.Len(); i++ {
		value := must.NotFail(values.Get(i))
		switch value.(type) {
		case string, types.ObjectID:
		default:
			return "", nil
		}

		placeholders[i] = "?"
		args[i] = string(must.NotFail(sjson.MarshalSingleValue(value)))
	}

	return fmt.Sprintf(` WHERE %s IN (%s)`, metadata.IDColumn, strings.Join(placeholders, ", ")), args
}
