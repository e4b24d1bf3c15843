package sjson

// Added by the customer-account service's build of FerretDB (see infra/ferretdb-server/source-patches.tsv).
//
// Unmarshal as released decodes the schema with encoding/json, then every nested object and
// array into a map or slice of json.RawMessage, then each part again, each string through a
// json.Decoder of its own: a value at depth d is scanned d+1 times and every value costs a
// decoder. An event commit (2.3 KB, values six levels deep) took 0.5 ms of CPU to read.
// unmarshalOnePass reads the schema and then the values once each, left to right, and builds
// the same document. It reads what FerretDB's Marshal writes (the schema first, fields in the
// order of its keys, no duplicates); for anything else (a value that does not match its
// schema, a key it does not know, invalid UTF-8, malformed JSON) it answers false and the
// released code decodes the document instead, with its own result or error.

import (
	"encoding/json"
	"slices"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/FerretDB/FerretDB/internal/types"
)

func unmarshalOnePass(data []byte) (*types.Document, bool) {
	r := &onePassReader{data: data}
	if !r.next('{') {
		return nil, false
	}
	if key, ok := r.key(); !ok || key != "$s" {
		return nil, false
	}
	shape, ok := r.cachedDocumentShape()
	if !ok {
		return nil, false
	}
	doc := types.MakeDocument(0)
	if !r.next('}') {
		if !r.next(',') {
			return nil, false
		}
		if doc, ok = r.fields(shape); !ok {
			return nil, false
		}
	}
	r.space()
	return doc, r.pos == len(data) && doc.Len() == len(shape.fields)
}

// documentShape is a document's schema: its fields in order.
type documentShape struct {
	fields []fieldShape
}

type fieldShape struct {
	key      string
	plainKey bool        // the key needs no escapes
	value    *valueShape // nil when the schema has no property for the key
}

// valueShape is the schema of one value.
type valueShape struct {
	scalar   *elem // the released schema element, for values decoded as released
	document *documentShape
	items    []*valueShape
	hasItems bool
}

type onePassReader struct {
	data []byte
	pos  int
}

func (r *onePassReader) space() {
	for r.pos < len(r.data) {
		switch r.data[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

// next consumes c, after any space, if it comes next.
func (r *onePassReader) next(c byte) bool {
	r.space()
	if r.pos < len(r.data) && r.data[r.pos] == c {
		r.pos++
		return true
	}
	return false
}

// key reads `"key":`.
func (r *onePassReader) key() (string, bool) {
	key, ok := r.string()
	return key, ok && r.next(':')
}

func (r *onePassReader) string() (string, bool) {
	r.space()
	if r.pos >= len(r.data) || r.data[r.pos] != '"' {
		return "", false
	}
	start := r.pos
	plain := true
	for r.pos++; r.pos < len(r.data); r.pos++ {
		switch c := r.data[r.pos]; {
		case c == '\\':
			plain = false
			r.pos++
		case c == '"':
			r.pos++
			if plain {
				inner := r.data[start+1 : r.pos-1]
				// encoding/json would replace invalid UTF-8: leave that to the released code.
				return string(inner), utf8.Valid(inner)
			}
			// Escapes are rare: encoding/json decodes them, as in the released code.
			var s string
			err := json.Unmarshal(r.data[start:r.pos], &s)
			return s, err == nil
		case c < 0x20:
			return "", false
		}
	}
	return "", false
}

// keyIs reads `"key":` and tells whether the key is the field's, without making a string when
// the field's key needs no escapes and the bytes are that key, as a document's keys mostly are.
func (r *onePassReader) keyIs(field fieldShape) bool {
	r.space()
	end := r.pos + 1 + len(field.key)
	if field.plainKey && end < len(r.data) && r.data[r.pos] == '"' && r.data[end] == '"' && string(r.data[r.pos+1:end]) == field.key {
		r.pos = end + 1
		return r.next(':')
	}
	key, ok := r.key()
	return ok && key == field.key
}

// plain tells whether s is written in JSON as it is, between quotes.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\\' || c == '"' || c < 0x20 {
			return false
		}
	}
	return true
}

// fieldsUntil reads `"key": value, ...}` or `}` (the object's `{` consumed), calling read for each field.
func (r *onePassReader) fieldsUntil(read func(index int, key string) bool) bool {
	return r.next('}') || r.fieldList(read)
}

// fieldList reads `"key": value, ...}`: at least one field.
func (r *onePassReader) fieldList(read func(index int, key string) bool) bool {
	for index := 0; ; index++ {
		key, ok := r.key()
		if !ok || !read(index, key) {
			return false
		}
		if r.next('}') {
			return true
		}
		if !r.next(',') {
			return false
		}
	}
}

// itemsUntil reads `value, ...]` (the array's `[` consumed), calling read for each.
func (r *onePassReader) itemsUntil(read func(index int) bool) bool {
	if r.next(']') {
		return true
	}
	for index := 0; ; index++ {
		if !read(index) {
			return false
		}
		if r.next(']') {
			return true
		}
		if !r.next(',') {
			return false
		}
	}
}

// Documents of a collection mostly share a few schemas, and reading one took two thirds of the
// time of a document: shapes are kept by their schema's text, at most shapesKept of them.
const shapesKept = 4096

var (
	shapesM sync.Mutex
	shapes  = make(map[string]*documentShape, shapesKept)
)

func (r *onePassReader) cachedDocumentShape() (*documentShape, bool) {
	start, ok := r.skipValue()
	if !ok {
		return nil, false
	}
	text := r.data[start:r.pos]
	shapesM.Lock()
	shape := shapes[string(text)]
	shapesM.Unlock()
	if shape != nil {
		return shape, true
	}
	schemaReader := &onePassReader{data: text}
	if shape, ok = schemaReader.documentShape(); !ok || schemaReader.pos != len(text) {
		return nil, false
	}
	shapesM.Lock()
	if len(shapes) >= shapesKept {
		clear(shapes)
	}
	shapes[string(text)] = shape
	shapesM.Unlock()
	return shape, true
}

// documentShape reads a schema: `{"p": {key: element, ...}, "$k": [key, ...]}` or `{}`.
func (r *onePassReader) documentShape() (*documentShape, bool) {
	if !r.next('{') {
		return nil, false
	}
	var properties []fieldShape
	var keys []string
	var seenProperties, seenKeys bool
	ok := r.fieldsUntil(func(_ int, key string) bool {
		switch {
		case key == "p" && !seenProperties:
			seenProperties = true
			return r.next('{') && r.fieldsUntil(func(_ int, key string) bool {
				value, ok := r.valueShape()
				properties = append(properties, fieldShape{key: key, value: value})
				return ok
			})
		case key == "$k" && !seenKeys:
			seenKeys = true
			return r.next('[') && r.itemsUntil(func(int) bool {
				key, ok := r.string()
				keys = append(keys, key)
				return ok
			})
		}
		return false
	})
	if !ok {
		return nil, false
	}
	shape := &documentShape{fields: make([]fieldShape, len(keys))}
	for i, key := range keys {
		// A document with a key twice is left to the released code.
		if slices.Contains(keys[:i], key) {
			return nil, false
		}
		shape.fields[i] = fieldShape{key: key, plainKey: plain(key)}
		// Marshal writes the properties in the order of the keys.
		if i < len(properties) && properties[i].key == key {
			shape.fields[i].value = properties[i].value
			continue
		}
		for _, property := range properties {
			if property.key == key {
				shape.fields[i].value = property.value
			}
		}
	}
	return shape, true
}

// valueShape reads a schema element: `{"t": type, "$s": schema, "i": [element, ...], "o": options, "s": subtype}`.
func (r *onePassReader) valueShape() (*valueShape, bool) {
	if !r.next('{') {
		return nil, false
	}
	shape := &valueShape{scalar: &elem{}}
	var seen []string // encoding/json lets the last of two equal keys win: leave that to it
	ok := r.fieldsUntil(func(_ int, key string) bool {
		if slices.Contains(seen, key) {
			return false
		}
		seen = append(seen, key)
		switch key {
		case "t":
			t, ok := r.string()
			shape.scalar.Type = elemType(t)
			return ok
		case "$s":
			document, ok := r.documentShape()
			shape.document = document
			return ok
		case "i":
			shape.hasItems = true
			return r.next('[') && r.itemsUntil(func(int) bool {
				item, ok := r.valueShape()
				shape.items = append(shape.items, item)
				return ok
			})
		case "o":
			options, ok := r.string()
			shape.scalar.Options = &options
			return ok
		case "s":
			start, ok := r.skipScalar()
			if !ok {
				return false
			}
			shape.scalar.Subtype = new(types.BinarySubtype)
			return json.Unmarshal(r.data[start:r.pos], shape.scalar.Subtype) == nil
		}
		return false
	})
	return shape, ok
}

// fields reads one field or more against the document's shape, up to the object's `}`: the
// keys in the order of the schema's, each once (a shape has no key twice).
func (r *onePassReader) fields(shape *documentShape) (*types.Document, bool) {
	doc := types.MakeDocument(len(shape.fields))
	for index, field := range shape.fields {
		if !r.keyIs(field) {
			return nil, false
		}
		value, ok := r.value(field.value)
		if !ok {
			return nil, false
		}
		doc.Set(field.key, value)
		if r.next('}') {
			return doc, index == len(shape.fields)-1
		}
		if !r.next(',') {
			return nil, false
		}
	}
	return nil, false
}

func (r *onePassReader) value(shape *valueShape) (any, bool) {
	r.space()
	if r.pos+4 <= len(r.data) && string(r.data[r.pos:r.pos+4]) == "null" {
		r.pos += 4
		return types.Null, true
	}
	if shape == nil {
		return nil, false
	}
	switch shape.scalar.Type {
	case elemTypeString:
		return r.string()
	case elemTypeObject:
		if shape.document == nil || !r.next('{') {
			return nil, false
		}
		// As released: an empty object is an empty document, whatever its schema says.
		if r.next('}') {
			return types.MakeDocument(0), true
		}
		return r.fields(shape.document)
	case elemTypeArray:
		if !shape.hasItems || !r.next('[') {
			return nil, false
		}
		array := types.MakeArray(len(shape.items))
		ok := r.itemsUntil(func(index int) bool {
			if index >= len(shape.items) {
				return false
			}
			value, ok := r.value(shape.items[index])
			if ok {
				array.Append(value)
			}
			return ok
		})
		return array, ok && array.Len() == len(shape.items)
	case elemTypeInt, elemTypeLong, elemTypeDate:
		start, ok := r.skipScalar()
		if !ok {
			return nil, false
		}
		return integer(r.data[start:r.pos], shape.scalar.Type)
	}
	// Other values are few in a document: decoded as released, from their own bytes.
	start, ok := r.skipValue()
	if !ok {
		return nil, false
	}
	value, err := unmarshalSingleValue(r.data[start:r.pos], shape.scalar)
	return value, err == nil
}

// integer decodes a JSON integer as encoding/json would into an int32 or an int64 (a date is
// milliseconds since the epoch); anything else (a fraction, an exponent, out of range) is left
// to the released code.
func integer(data []byte, t elemType) (any, bool) {
	digits := data
	if len(digits) > 0 && digits[0] == '-' {
		digits = digits[1:]
	}
	if len(digits) == 0 || (digits[0] == '0' && len(digits) > 1) {
		return nil, false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return nil, false
		}
	}
	bits := 64
	if t == elemTypeInt {
		bits = 32
	}
	n, err := strconv.ParseInt(string(data), 10, bits)
	if err != nil {
		return nil, false
	}
	switch t {
	case elemTypeInt:
		return int32(n), true
	case elemTypeDate:
		return time.UnixMilli(n), true
	}
	return n, true
}

// skipValue passes over any value, returning where it starts. It counts brackets and passes
// over strings, and checks nothing else: what it skips is either a schema, whose text is parsed
// in full before its shape is cached by it, or a value that the released code decodes from its
// bytes. Reading each of a schema's keys and types only to find where it ends was a tenth of
// FerretDB's CPU in a replay (perf).
func (r *onePassReader) skipValue() (int, bool) {
	r.space()
	start := r.pos
	if r.pos >= len(r.data) {
		return start, false
	}
	switch r.data[r.pos] {
	case '"':
		return start, r.skipString()
	case '{', '[':
	default:
		return r.skipScalar()
	}
	for depth := 0; r.pos < len(r.data); {
		switch r.data[r.pos] {
		case '"':
			if !r.skipString() {
				return start, false
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				r.pos++
				return start, true
			}
		}
		r.pos++
	}
	return start, false
}

// skipString passes over the string that starts here without making it, and without checking
// its UTF-8 (see skipValue).
func (r *onePassReader) skipString() bool {
	for r.pos++; r.pos < len(r.data); r.pos++ {
		switch c := r.data[r.pos]; {
		case c == '\\':
			r.pos++
		case c == '"':
			r.pos++
			return true
		case c < 0x20:
			return false
		}
	}
	return false
}

// skipScalar passes over a number or a literal (checked when it is decoded), returning where it starts.
func (r *onePassReader) skipScalar() (int, bool) {
	r.space()
	start := r.pos
	for r.pos < len(r.data) {
		switch r.data[r.pos] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return start, r.pos > start
		}
		r.pos++
	}
	return start, r.pos > start
}
