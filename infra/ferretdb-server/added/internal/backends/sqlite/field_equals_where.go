// Added to FerretDB's SQLite backend by infra/ferretdb.sh (see source-patches.tsv), under the
// module's Apache License 2.0.

package sqlite

import (
	"fmt"
	"regexp"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// plainField is a top-level field name that can be written into SQL as it is.
var plainField = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// fieldEqualsWhere narrows a filter by its first condition of the form {field: "string"}: to
// the rows whose field is that string, or is an array (which may hold it, and then matches).
// Both are ranges of the field's value that SQLite reads from an index on the field, as FerretDB
// makes them (`_ferretdb_sjson->"field"`), instead of reading the table; a stored array's JSON
// text begins with '[' and sorts below '\'. Handlers filter again in Go what the backend
// returns, so the clause only has to keep every row that can match.
func fieldEqualsWhere(filter *types.Document) (string, []any) {
	values := filter.Values()

	for i, field := range filter.Keys() {
		value, ok := values[i].(string)
		if !ok || !plainField.MatchString(field) {
			continue
		}

		column := fmt.Sprintf("%s->'%s'", metadata.DefaultColumn, field)
		clause := fmt.Sprintf(` WHERE (%[1]s = ? OR (%[1]s >= '[' AND %[1]s < '\'))`, column)

		return clause, []any{string(must.NotFail(sjson.MarshalSingleValue(value)))}
	}

	return "", nil
}
