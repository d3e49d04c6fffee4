package webhook_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/reel-film/reel/service/webhook"
)

// A receiver reads the raw body, verifies it against the timestamp and
// signature headers with the shared secret, and only then trusts it. It
// answers 2xx once it has the delivery (anything else is retried), and may
// drop a repeated X-Reel-Delivery id.
func ExampleVerify() {
	secret := []byte("the secret given to reel serve (--webhook-secret-file)")
	receiver := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			http.Error(w, "reading the body", http.StatusBadRequest)
			return
		}
		err = webhook.Verify(secret, r.Header.Get(webhook.HeaderTimestamp), r.Header.Get(webhook.HeaderSignature), body, time.Now(), 5*time.Minute)
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		var d struct {
			Event  string `json:"event"`
			Render struct {
				ID     string `json:"id"`
				Status string `json:"status"`
			} `json:"render"`
		}
		json.Unmarshal(body, &d)
		fmt.Println(d.Event, d.Render.ID, d.Render.Status)
		w.WriteHeader(http.StatusNoContent)
	})

	// Here a delivery made by hand, as reel's Sender makes it.
	body := `{"event":"render.done","render":{"id":"01jf0000000000000000000001","status":"done"}}`
	ts := time.Now().Unix()
	req := httptest.NewRequest("POST", "/hooks/reel", strings.NewReader(body))
	req.Header.Set(webhook.HeaderTimestamp, fmt.Sprint(ts))
	req.Header.Set(webhook.HeaderSignature, webhook.Sign(secret, ts, []byte(body)))
	rec := httptest.NewRecorder()
	receiver.ServeHTTP(rec, req)
	fmt.Println(rec.Code)

	// The same body with a signature made with another secret is refused.
	req = httptest.NewRequest("POST", "/hooks/reel", strings.NewReader(body))
	req.Header.Set(webhook.HeaderTimestamp, fmt.Sprint(ts))
	req.Header.Set(webhook.HeaderSignature, webhook.Sign([]byte("guess"), ts, []byte(body)))
	rec = httptest.NewRecorder()
	receiver.ServeHTTP(rec, req)
	fmt.Println(rec.Code)
	// Output:
	// render.done 01jf0000000000000000000001 done
	// 204
	// 401
}
