package normalize

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/spec"
)

// TestEnumValueControl checks that a string enum value holding a control
// character (a line break, a tab, NUL), which oapi-codegen cannot write
// into a constant, is refused with an error naming the file, the enum's
// schema and the value, with x-enumNames or without; and that the other
// characters, which a quoted Go string carries, are kept.
func TestEnumValueControl(t *testing.T) {
	for _, value := range []string{`a\nb`, `a\rb`, `a\tb`, `\0`, `a\x7fb`, `next\Nline`, `\n`} {
		for _, names := range []string{"", ", x-enumNames: [Odd, Plain]"} {
			// value is written in YAML's escapes.
			schemas := fmt.Sprintf("    Body: {type: object}\n    Result: {type: object, properties: {k: {$ref: '#/components/schemas/Kind'}}}\n    Kind: {type: string, enum: [\"%s\", plain]%s}\n", value, names)
			_, err := loadDoc(t, doc(schemas), nil)
			var se *spec.Error
			if !errors.As(err, &se) {
				t.Errorf("enum value %s%s: %v; want a *spec.Error", value, names, err)
				continue
			}
			if !strings.HasSuffix(se.File, "doc.yaml") || se.Location != "#/components/schemas/Kind/enum" {
				t.Errorf("enum value %s%s: error at %s:%s; want doc.yaml:#/components/schemas/Kind/enum", value, names, se.File, se.Location)
			}
			for _, want := range []string{"Kind", "control character", "fix the value in the document"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("enum value %s%s: error %q does not say %q", value, names, err, want)
				}
			}
		}
	}
	for _, value := range []string{"a\u2028b", "\u202eevil", `say "hi"`, "back`tick", `back\slash`, "*/ //go:generate x"} {
		schemas := fmt.Sprintf("    Body: {type: object}\n    Result: {type: object, properties: {k: {$ref: '#/components/schemas/Kind'}}}\n    Kind: {type: string, enum: [%q]}\n", value)
		dom, err := loadDoc(t, doc(schemas), nil)
		if err != nil {
			t.Errorf("enum value %q: %v", value, err)
			continue
		}
		if got := dom.Type("Kind").Values[0].Value; got != value {
			t.Errorf("enum value %q is %q in the model", value, got)
		}
	}
}
