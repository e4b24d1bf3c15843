// Added to FerretDB's types by infra/ferretdb.sh (see source-patches.tsv), under the module's
// Apache License 2.0.

package types

import (
	"maps"
	"slices"
)

// ShallowCopy returns an unfrozen copy of this Document that holds the same values: nested
// documents and arrays are shared with it, not copied. RecordID is copied too.
func (d *Document) ShallowCopy() *Document {
	if d == nil {
		panic("types.Document.ShallowCopy: nil document")
	}

	return &Document{keys: maps.Clone(d.keys), fields: slices.Clone(d.fields), recordID: d.recordID}
}
