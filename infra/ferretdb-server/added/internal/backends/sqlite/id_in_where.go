// Added to FerretDB's SQLite backend by infra/ferretdb.sh (see source-patches.tsv), under the
// module's Apache License 2.0.

package sqlite

import (
	"fmt"
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// idInWhere narrows {_id: {$in: [strings or ObjectIds]}} to those rows through the _id index;
// for any other condition on _id it returns no clause and the table is read as before.
// Handlers filter what the backend returns again, so the clause only has to keep every row
// that can match.
func idInWhere(condition any) (string, []any) {
	ids, ok := backends.IDsIn(condition)
	if !ok {
		return "", nil
	}

	in, args := idIn(ids)

	return " WHERE " + in, args
}

// idIn is the condition that a row's _id is one of ids (strings or ObjectIds), read through the
// _id index, with its arguments.
func idIn(ids []any) (string, []any) {
	placeholders := make([]string, len(ids))
	args := make([]any, len(ids))

	for i, id := range ids {
		placeholders[i] = "?"
		args[i] = string(must.NotFail(sjson.MarshalSingleValue(id)))
	}

	return fmt.Sprintf(`%s IN (%s)`, metadata.IDColumn, strings.Join(placeholders, ", ")), args
}
