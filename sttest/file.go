package sttest

import (
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// fileName is the name a file reply of rt gives in its Content-Disposition:
// the operationId, then the last path parameter other than the tenant
// ("Jobs_Get-5.bin").
func fileName(rt *route, params map[string]string) string {
	name := nameOr(rt.op.OperationID, "file")
	for i := len(rt.params) - 1; i >= 0; i-- {
		if p := rt.params[i]; p != "tenant" {
			name += "-" + params[p]
			break
		}
	}
	return name + ".bin"
}

// writeFile writes a small file: the body with its media type and a
// Content-Disposition naming it, as ServiceTitan sends attachments.
func writeFile(w http.ResponseWriter, status int, contentType, name string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// serveDownload answers a GET of the download endpoint redirect replies
// point to ("/sttest/download/FindingAssets_Get").
func serveDownload(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, downloadPath+"/")
	writeFile(w, http.StatusOK, "application/octet-stream", name+".bin", fmt.Appendf(nil, "sttest download %s\n", name))
}
