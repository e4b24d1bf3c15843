// Added to FerretDB's backends by infra/ferretdb.sh (see source-patches.tsv), under the
// module's Apache License 2.0.

package backends

// beneathContract is the collection the contract wrapper checks calls for: the interfaces the
// edits add are implemented by the backends' collections and decorators, not by the wrapper.
func beneathContract(c Collection) Collection {
	if contract, wrapped := c.(*collectionContract); wrapped {
		return contract.c
	}

	return c
}
