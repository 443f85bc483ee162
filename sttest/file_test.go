package sttest

import (
	"mime"
	"net/http"
	"strings"
	"testing"
)

// TestGetWithoutContentSendsFile checks that the GETs whose documents
// declare no content (forms' job attachments, installed equipment
// attachments) answer a small file, the same twice, with a media type and a
// file name, as ServiceTitan does; that other methods declaring no content
// answer an empty body; and that downloads redirected to name their file.
func TestGetWithoutContentSendsFile(t *testing.T) {
	a := latest(t)
	h := a.NewHandler()
	c := h.Credentials()
	tok := token(t, h, c)
	for _, tc := range []struct{ opID, file string }{
		{"Jobs_Get", "Jobs_Get-"},
		{"Jobs_GetJobAttachments", "Jobs_GetJobAttachments-"},
		{"InstalledEquipment_Get2", "InstalledEquipment_Get2.bin"},
	} {
		rt := findOp(t, a, tc.opID)
		first, again := do(h, validRequest(t, rt, c, tok)), do(h, validRequest(t, rt, c, tok))
		_, params, err := mime.ParseMediaType(first.Header().Get("Content-Disposition"))
		switch {
		case first.Code != http.StatusOK || first.Header().Get("Content-Type") != "application/octet-stream":
			t.Errorf("%s: %d %q; want 200 application/octet-stream", tc.opID, first.Code, first.Header().Get("Content-Type"))
		case err != nil || !strings.HasPrefix(params["filename"], tc.file):
			t.Errorf("%s: Content-Disposition %q; want a file name starting %q", tc.opID, first.Header().Get("Content-Disposition"), tc.file)
		case first.Body.Len() == 0 || first.Body.String() != again.Body.String():
			t.Errorf("%s: bodies %q and %q; want the same file twice", tc.opID, first.Body, again.Body)
		}
		if err := validateResponse(rt, validRequest(t, rt, c, tok), first); err != nil {
			t.Errorf("%s: %v", tc.opID, err)
		}
	}

	attach := findOp(t, a, "Projects_AttachJob")
	if attach.method != http.MethodPost {
		t.Fatalf("Projects_AttachJob is %s", attach.method)
	}
	if w := do(h, validRequest(t, attach, c, tok)); w.Code != http.StatusOK || w.Body.Len() != 0 || w.Header().Get("Content-Disposition") != "" {
		t.Errorf("POST declaring no content: %d with %d bytes, Content-Disposition %q; want 200 and nothing", w.Code, w.Body.Len(), w.Header().Get("Content-Disposition"))
	}

	w := do(h, validRequest(t, findOp(t, a, "Images_Get"), c, tok))
	w = do(h, apiReq(h, "", http.MethodGet, w.Header().Get("Location"), ""))
	if _, params, _ := mime.ParseMediaType(w.Header().Get("Content-Disposition")); w.Code != 200 || params["filename"] != "Images_Get.bin" {
		t.Errorf("download: %d, Content-Disposition %q; want 200 and Images_Get.bin", w.Code, w.Header().Get("Content-Disposition"))
	}
}
