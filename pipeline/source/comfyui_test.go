package source

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/reel-film/reel/config"
)

// fakeComfy follows ComfyUI's server API: POST /prompt answers
// {prompt_id, number, node_errors}; GET /history/{id} answers {} while the
// prompt is queued, then {id: {status, outputs}}; GET /view serves the file.
type fakeComfy struct {
	queued   int32 // empty history answers before the result
	fail     bool  // the prompt fails with an execution_error
	reject   bool  // POST /prompt answers 400 with node errors
	polls    int32
	workflow map[string]any
}

func (f *fakeComfy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/prompt":
		var body struct{ Prompt map[string]any }
		_ = json.NewDecoder(r.Body).Decode(&body)
		f.workflow = body.Prompt
		if f.reject {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":{"type":"prompt_outputs_failed_validation","message":"Prompt outputs failed validation","details":""},
				"node_errors":{"3":{"errors":[{"type":"value_not_in_list","message":"Value not in list","details":"ckpt_name: 'wan.safetensors' not in []"}],"class_type":"CheckpointLoaderSimple"}}}`)
			return
		}
		fmt.Fprint(w, `{"prompt_id":"abc-123","number":1,"node_errors":{}}`)
	case r.URL.Path == "/history/abc-123":
		if atomic.AddInt32(&f.polls, 1) <= f.queued {
			fmt.Fprint(w, `{}`)
			return
		}
		if f.fail {
			fmt.Fprint(w, `{"abc-123":{"prompt":[],"outputs":{},"status":{"status_str":"error","completed":false,"messages":[["execution_start",{}],["execution_error",{"node_id":"5","node_type":"KSampler","exception_message":"Allocation on device failed","exception_type":"torch.OutOfMemoryError"}]]}}}`)
			return
		}
		fmt.Fprint(w, `{"abc-123":{"prompt":[],"outputs":{"9":{"images":[{"filename":"preview.png","subfolder":"","type":"temp"}]},"12":{"gifs":[{"filename":"wan_00001.mp4","subfolder":"video","type":"output","format":"video/h264-mp4"}]}},"status":{"status_str":"success","completed":true,"messages":[]}}}`)
	case r.URL.Path == "/view" && r.URL.Query().Get("filename") == "wan_00001.mp4" && r.URL.Query().Get("subfolder") == "video":
		fmt.Fprint(w, "fake mp4")
	default:
		http.NotFound(w, r)
	}
}

func TestComfyUI(t *testing.T) {
	wf := filepath.Join(t.TempDir(), "wf.json")
	if err := os.WriteFile(wf, []byte(`{"6":{"class_type":"CLIPTextEncode","inputs":{"text":"{prompt}, cinematic"}},
		"5":{"class_type":"KSampler","inputs":{"seed":"{seed}"}},"7":{"inputs":{"width":"{width}","length":"{frames}"}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		fake    fakeComfy
		wantErr string
	}{
		{"queue delay then success", fakeComfy{queued: 3}, ""},
		{"failed job", fakeComfy{fail: true}, "ComfyUI prompt abc-123 failed: KSampler: Allocation on device failed"},
		{"rejected workflow", fakeComfy{reject: true}, "Prompt outputs failed validation; node 3 (CheckpointLoaderSimple): Value not in list: ckpt_name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := httptest.NewServer(&c.fake)
			defer srv.Close()
			g, err := New(&config.Generator{Name: "studio", Kind: config.KindComfyUI, URL: srv.URL, Workflow: wf, Retries: 2}, fastDeps())
			if err != nil {
				t.Fatal(err)
			}
			path, err := g.Generate(context.Background(), Request{Prompt: "storm", Seed: 42, Width: 320, Frames: 81}, t.TempDir())
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if b, _ := os.ReadFile(path); string(b) != "fake mp4" {
				t.Errorf("downloaded %q", b)
			}
			got, _ := json.Marshal(c.fake.workflow)
			want := `{"5":{"class_type":"KSampler","inputs":{"seed":42}},"6":{"class_type":"CLIPTextEncode","inputs":{"text":"storm, cinematic"}},"7":{"inputs":{"length":81,"width":320}}}`
			if string(got) != want {
				t.Errorf("workflow sent\n got %s\nwant %s", got, want)
			}
		})
	}
}
