package main

import (
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHandlerGreetsWithARequestID(t *testing.T) {
	rec := httptest.NewRecorder()
	handler(rec, httptest.NewRequest("GET", "/?name=ada", nil))
	if !strings.Contains(rec.Body.String(), `"message":"hello, Ada"`) || len(rec.Header().Get("X-Request-Id")) != 36 {
		t.Errorf("answer %q, request id %q", rec.Body.String(), rec.Header().Get("X-Request-Id"))
	}
}
