// Added to FerretDB's clientconn by infra/ferretdb.sh (see source-patches.tsv), under the
// module's Apache License 2.0.

package clientconn

import (
	"errors"
	"math"

	"github.com/FerretDB/wire"
	"github.com/FerretDB/wire/wirebson"

	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
)

// checkRequestNaNs is the check wire.ReadMessage made of each OP_MSG while wire.CheckNaNs was
// set: every document decoded in full, and the request refused, which closes the connection,
// if it holds a float64 NaN. It is made here for requests only; with wire.CheckNaNs set, the
// wire package also decoded every reply again, documents read from the store included.
func checkRequestNaNs(body wire.MsgBody) error {
	msg, ok := body.(*wire.OpMsg)
	if !ok {
		return nil
	}

	for _, section := range msg.Sections() {
		for _, raw := range section.Documents() {
			doc, err := raw.DecodeDeep()
			if err != nil {
				return lazyerrors.Error(err)
			}

			if err = findNaN(doc); err != nil {
				return err
			}
		}
	}

	return nil
}

func findNaN(v any) error {
	switch v := v.(type) {
	case *wirebson.Document:
		for i := range v.Len() {
			_, field := v.GetByIndex(i)
			if err := findNaN(field); err != nil {
				return err
			}
		}

	case *wirebson.Array:
		for i := range v.Len() {
			if err := findNaN(v.Get(i)); err != nil {
				return err
			}
		}

	case float64:
		if math.IsNaN(v) {
			return errors.New("NaN is not supported")
		}
	}

	return nil
}
