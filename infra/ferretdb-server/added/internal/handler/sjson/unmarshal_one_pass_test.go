package sjson

// Added by the customer-account service's build of FerretDB. Run from the patched copy of the
// module (infra/ferretdb.sh builds it under .local/ferretdb/build/FerretDB):
//   go test ./internal/handler/sjson/

import (
	"bytes"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

func TestUnmarshalOnePassDecodesWhatMarshalWrites(t *testing.T) {
	event := must.NotFail(types.NewDocument(
		"type", "CustomerRegistered",
		"data", must.NotFail(types.NewDocument(
			"name", must.NotFail(types.NewDocument("sealedWith", "k1", "ciphertext", "OO/ht114gIFY/i2v1wzOCuBt==")),
			"empty", types.MakeDocument(0),
			"emptyArray", types.MakeArray(0),
			"escaped", "a \"quoted\" line\nand a tab\t and \\ and \u00e9 and \u2028 and </script>",
			"unicode", "Zürich — 東京 🚀",
			"nothing", types.Null,
		)),
		"version", int32(7),
		"big", int64(math.MaxInt64),
		"ratio", 0.25,
		"negativeZero", math.Copysign(0, -1),
		"flag", true,
		"at", time.Date(2026, 1, 1, 0, 0, 0, 123_000_000, time.UTC),
		"id", types.ObjectID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12},
		"bytes", types.Binary{Subtype: types.BinaryUser, B: []byte{0, 1, 2}},
		"pattern", types.Regex{Pattern: "^a.*z$", Options: "i"},
		"stamp", types.Timestamp(42),
		"list", must.NotFail(types.NewArray("one", int32(2), must.NotFail(types.NewDocument("three", 3.0)), must.NotFail(types.NewArray()), types.Null)),
	))
	documents := []*types.Document{
		types.MakeDocument(0),
		must.NotFail(types.NewDocument("_id", "only")),
		must.NotFail(types.NewDocument("_id", "c1", "events", must.NotFail(types.NewArray(event, event)), "lastVersion", int32(2))),
	}
	for _, document := range documents {
		data := must.NotFail(Marshal(document))
		released := must.NotFail(unmarshalAsReleased(data))
		decoded, ok := unmarshalOnePass(data)
		if !ok {
			t.Fatalf("one pass refused %s", data)
		}
		if !reflect.DeepEqual(must.NotFail(Marshal(decoded)), data) || !reflect.DeepEqual(decoded.Keys(), released.Keys()) {
			t.Fatalf("one pass decoded %s as %v, released as %v", data, decoded, released)
		}
	}
}

func TestUnmarshalOnePassLeavesTheUnusualToTheReleasedCode(t *testing.T) {
	for _, data := range []string{
		`{"$s":{"p":{"a":{"t":"string"},"b":{"t":"string"}},"$k":["a","b"]},"b":"2","a":"1"}`, // fields out of schema order
		`{"$s":{"p":{"a":{"t":"string"}},"$k":["a"]},"a":"1","a":"2"}`,                        // a key twice
		`{"$s":{"p":{"a":{"t":"string"}},"$k":["a","a"]},"a":"1","a":"2"}`,                    // a schema key twice
		`{"$s":{"p":{"a":{"t":"int"}},"$k":["a"]},"a":"1"}`,                                   // value against its schema
		`{"$s":{"p":{"a":{"t":"string"}},"$k":["a"]},"a":"` + "\xff" + `"}`,                   // invalid UTF-8
		`{"$s":{"p":{"a":{"t":"string"}},"$k":["a"]},"a":"1"`,                                 // cut short
		`{"$s":{"p":{"a":{"t":"string"}},"$k":["a"]},"a":"1"} x`,                              // trailing data
		`{"$s":{"p":{"\\n":{"t":"string"}},"$k":["\\n"]},"\n":"1"}`,                           // a key whose escape reads as another's bytes
		`{"$s":{"p":{"a":{"t":"string"}],"$k":["a"]},"a":"1"}`,                                // a schema's brackets that do not match
		`{"a":"1"}`, // no schema
		`{"$s":{"p":{"a":{"t":"array","i":[{"t":"string"}]}},"$k":["a"]},"a":["1","2"]}`, // more items than the schema
	} {
		if _, ok := unmarshalOnePass([]byte(data)); ok {
			t.Errorf("one pass decoded %s; the released code should", data)
		}
	}
}

func TestUnmarshalFallsBackWithTheReleasedResult(t *testing.T) {
	data := []byte(`{"$s":{"p":{"a":{"t":"string"},"b":{"t":"string"}},"$k":["a","b"]},"b":"2","a":"1"}`)
	decoded, err := Unmarshal(data)
	if err != nil || !reflect.DeepEqual(decoded.Keys(), []string{"a", "b"}) {
		t.Fatalf("decoded %v, %v", decoded, err)
	}
	if _, err := Unmarshal([]byte(`{"$s":{"p":{"a":{"t":"int"}},"$k":["a"]},"a":"1"}`)); err == nil {
		t.Fatal("a value against its schema decoded without an error")
	}
}

// Random documents of every type FerretDB stores, nested, with strings that need escapes.
func TestUnmarshalOnePassAgreesWithTheReleasedCodeOnRandomDocuments(t *testing.T) {
	random := rand.New(rand.NewPCG(7, 2026))
	runes := []rune("az09 \"\\/\n\t\u0001\u001féü東🚀\u2028<>&")
	// Marshal writes top-level keys unescaped (FerretDB refuses keys that would need escapes).
	keyRunes := []rune("az09_éü東🚀")
	textOf := func(runes []rune) string {
		b := make([]rune, random.IntN(12))
		for i := range b {
			b[i] = runes[random.IntN(len(runes))]
		}
		return string(b)
	}
	text := func() string { return textOf(runes) }
	var value func(depth int) any
	document := func(depth int) *types.Document {
		doc := types.MakeDocument(0)
		for n := random.IntN(6); doc.Len() < n; {
			key := textOf(keyRunes)
			if depth > 0 {
				key = text()
			}
			doc.Set(key, value(depth+1))
		}
		return doc
	}
	value = func(depth int) any {
		kind := random.IntN(13)
		if depth > 4 && kind < 2 {
			kind += 2
		}
		switch kind {
		case 0:
			return document(depth)
		case 1:
			array := types.MakeArray(0)
			for n := random.IntN(5); array.Len() < n; {
				array.Append(value(depth + 1))
			}
			return array
		case 2:
			return int32(random.Int32() - math.MaxInt32/2)
		case 3:
			return random.Int64() - math.MaxInt64/2
		case 4:
			return random.NormFloat64() * 1e6
		case 5:
			return random.IntN(2) == 0
		case 6:
			return types.Null
		case 7:
			return time.UnixMilli(random.Int64N(4e12) - 1e12)
		case 8:
			return types.ObjectID{byte(random.IntN(256)), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
		case 9:
			return types.Binary{Subtype: types.BinarySubtype(random.IntN(6)), B: []byte(text())}
		}
		return text()
	}
	for i := 0; i < 3_000; i++ {
		data := must.NotFail(Marshal(document(0)))
		released, err := unmarshalAsReleased(data)
		if err != nil {
			t.Fatalf("the released code refused %s: %v", data, err)
		}
		decoded, ok := unmarshalOnePass(data)
		if !ok {
			t.Fatalf("one pass refused %s", data)
		}
		if !bytes.Equal(must.NotFail(Marshal(decoded)), must.NotFail(Marshal(released))) {
			t.Fatalf("one pass and the released code differ on %s", data)
		}
	}
}
