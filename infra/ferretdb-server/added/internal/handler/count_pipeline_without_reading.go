// Added to FerretDB's handler by infra/ferretdb.sh (see source-patches.tsv), under the module's
// Apache License 2.0.

package handler

import (
	"context"
	"math"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/iterator"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// countPipelineWithoutReading answers the pipeline the drivers' countDocuments sends for a
// whole collection, [{$match: {}}, {$group: {_id: 1, n: {$sum: 1}}}], by asking the
// backend how many rows it holds, as countWithoutReading answers a count. Any other pipeline, or a collection the
// backend cannot describe, runs as before.
func countPipelineWithoutReading(ctx context.Context, c backends.Collection, stages []any) (iterator.Interface[struct{}, *types.Document], bool) {
	if len(stages) != 2 || !isMatchAll(stages[0]) {
		return nil, false
	}

	value, _ := onlyField(stages[1], "$group")
	group, ok := value.(*types.Document)
	if !ok || group.Len() != 2 || group.Keys()[0] != "_id" || !isOne(must.NotFail(group.Get("_id"))) {
		return nil, false
	}

	name := group.Keys()[1]
	if sum, ok := onlyField(must.NotFail(group.Get(name)), "$sum"); !ok || !isOne(sum) {
		return nil, false
	}

	count, ok, err := backends.CountAll(ctx, c)
	if err != nil || !ok {
		return nil, false
	}

	// $group of no documents yields no document.
	var groups []*types.Document
	if count > 0 {
		var n any = count
		if count <= math.MaxInt32 {
			n = int32(count)
		}

		groups = append(groups, must.NotFail(types.NewDocument("_id", must.NotFail(group.Get("_id")), name, n)))
	}

	return iterator.Values(iterator.ForSlice(groups)), true
}

func isMatchAll(stage any) bool {
	match, _ := onlyField(stage, "$match")
	doc, ok := match.(*types.Document)

	return ok && doc.Len() == 0
}

// onlyField is the value of a document's only field, if that field is named key.
func onlyField(value any, key string) (any, bool) {
	doc, ok := value.(*types.Document)
	if !ok || doc.Len() != 1 || doc.Keys()[0] != key {
		return nil, false
	}

	return must.NotFail(doc.Get(key)), true
}

func isOne(value any) bool {
	switch value := value.(type) {
	case int32:
		return value == 1
	case int64:
		return value == 1
	case float64:
		return value == 1
	}

	return false
}
