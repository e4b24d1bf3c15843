// Added to FerretDB's SQLite backend by infra/ferretdb.sh (see source-patches.tsv), under the
// module's Apache License 2.0.

package sqlite

import (
	"fmt"
	"regexp"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/types"
)

// plainBound is a bound of one character that JSON writes as it is.
var plainBound = regexp.MustCompile(`^[0-9A-Za-z]$`)

// fieldRangeWhere narrows a filter by its first condition of the form {field: {$gte: "4", $lt: "8"}}
// (either bound, $gt and $lte too) with bounds of one plain character: to the rows whose field's
// JSON text (`_ferretdb_sjson->"field"`, indexed) lies between '"4' and '"8#', is an array, or is a
// string that begins with an escape. A string's JSON text is '"' and its characters, each written
// as it is, in the order of the string, or as an escape that begins with '\'; so every string in
// the range is kept, with some that are not (a string that begins with "8", or with an escaped
// character), which the handlers' filter in Go removes. An array may hold a matching string.
func fieldRangeWhere(filter *types.Document) (string, []any) {
	values := filter.Values()

	for i, field := range filter.Keys() {
		condition, ok := values[i].(*types.Document)
		if !ok || !plainField.MatchString(field) {
			continue
		}

		// Every string's JSON text lies in ['"', '#').
		lower, upper, narrowed := `"`, `#`, false
		bounds := condition.Values()

		for j, operator := range condition.Keys() {
			bound, ok := bounds[j].(string)
			if !ok || !plainBound.MatchString(bound) {
				continue
			}

			switch operator {
			case "$gt", "$gte":
				lower, narrowed = `"`+bound, true
			case "$lt", "$lte":
				upper, narrowed = `"`+bound+`#`, true
			}
		}

		if !narrowed {
			continue
		}

		column := fmt.Sprintf("%s->'%s'", metadata.DefaultColumn, field)
		clause := fmt.Sprintf(
			` WHERE ((%[1]s >= ? AND %[1]s < ?) OR (%[1]s >= '"\' AND %[1]s < '"]') OR (%[1]s >= '[' AND %[1]s < '\'))`,
			column,
		)

		return clause, []any{lower, upper}
	}

	return "", nil
}
