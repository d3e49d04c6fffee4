package source

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/reel-film/reel/config"
)

// comfyUI queues a workflow on a ComfyUI server (POST /prompt), polls its
// history (GET /history/{prompt_id}) and downloads the result (GET /view).
type comfyUI struct {
	base     string
	workflow map[string]any
	c        *client
}

func newComfyUI(g *config.Generator, d Deps) (Generator, error) {
	wf, err := readWorkflow(g.Workflow)
	if err != nil {
		return nil, &SetupError{Key: "workflow", Msg: err.Error()}
	}
	return &comfyUI{base: g.URL, workflow: wf, c: &client{d: d, retries: g.Retries}}, nil
}

// readWorkflow reads a workflow template in ComfyUI's API format.
func readWorkflow(path string) (map[string]any, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("workflow: %w", err)
	}
	var wf map[string]any
	if err := json.Unmarshal(b, &wf); err != nil {
		return nil, fmt.Errorf("workflow %s: %w", filepath.Base(path), err)
	}
	return wf, nil
}

// comfyFingerprint is the workflow's content (not its path or the server).
func comfyFingerprint(g *config.Generator) (any, error) {
	wf, err := readWorkflow(g.Workflow)
	if err != nil {
		return nil, err
	}
	b, _ := json.Marshal(wf) // map keys sorted: formatting does not count
	return struct {
		Workflow string `json:"workflow"`
	}{hashBytes(b)}, nil
}

// Generate queues the filled-in workflow, waits for it and downloads its
// first video output (or its first file of any kind).
func (c *comfyUI) Generate(ctx context.Context, req Request, dir string) (string, error) {
	body := map[string]any{"prompt": ExpandJSON(c.workflow, fields(req, "")), "client_id": "reel"}
	var queued struct {
		PromptID   string         `json:"prompt_id"`
		NodeErrors map[string]any `json:"node_errors"`
	}
	if err := c.c.call(ctx, http.MethodPost, c.base+"/prompt", body, &queued); err != nil {
		return "", err
	}
	if len(queued.NodeErrors) > 0 {
		return "", fmt.Errorf("ComfyUI rejected the workflow: %s", strings.Join(nodeErrors(queued.NodeErrors), "; "))
	}
	if queued.PromptID == "" {
		return "", errors.New("malformed response from POST /prompt: no prompt_id")
	}
	f, err := c.wait(ctx, queued.PromptID)
	if err != nil {
		return "", err
	}
	q := url.Values{"filename": {f.Filename}, "subfolder": {f.Subfolder}, "type": {f.Type}}
	out := filepath.Join(dir, "output"+extOf(f.Filename))
	return out, c.c.download(ctx, c.base+"/view?"+q.Encode(), out)
}

// comfyEntry is one prompt's record in GET /history/{prompt_id}.
type comfyEntry struct {
	Status struct {
		StatusStr string  `json:"status_str"`
		Completed bool    `json:"completed"`
		Messages  [][]any `json:"messages"`
	} `json:"status"`
	Outputs map[string]map[string]any `json:"outputs"`
}

// comfyFile is an output file of a node.
type comfyFile struct {
	Filename  string `json:"filename"`
	Subfolder string `json:"subfolder"`
	Type      string `json:"type"`
}

// wait polls the history until the prompt has finished; an empty history
// means it is still queued or running.
func (c *comfyUI) wait(ctx context.Context, id string) (comfyFile, error) {
	for {
		var hist map[string]comfyEntry
		if err := c.c.call(ctx, http.MethodGet, c.base+"/history/"+url.PathEscape(id), nil, &hist); err != nil {
			return comfyFile{}, err
		}
		if e, ok := hist[id]; ok && (e.Status.Completed || e.Status.StatusStr != "" || len(e.Outputs) > 0) {
			if e.Status.StatusStr == "error" {
				return comfyFile{}, fmt.Errorf("ComfyUI prompt %s failed: %s", id, executionError(e.Status.Messages))
			}
			return pickOutput(id, e.Outputs)
		}
		if !sleep(ctx, c.c.d.Poll) {
			return comfyFile{}, fmt.Errorf("ComfyUI prompt %s did not finish: %w", id, context.Cause(ctx))
		}
	}
}

// executionError finds the execution_error message of a failed prompt.
func executionError(msgs [][]any) string {
	for _, m := range msgs {
		if len(m) == 2 && m[0] == "execution_error" {
			if d, ok := m[1].(map[string]any); ok {
				return fmt.Sprintf("%v: %v", d["node_type"], d["exception_message"])
			}
		}
	}
	return "no error message"
}

// videoExts are the output files preferred over still images.
var videoExts = map[string]bool{".mp4": true, ".webm": true, ".mov": true, ".mkv": true, ".gif": true, ".webp": true}

// pickOutput chooses the first video among the nodes' files (by node id),
// else the first file.
func pickOutput(id string, outputs map[string]map[string]any) (comfyFile, error) {
	var files []comfyFile
	nodes := make([]string, 0, len(outputs))
	for n := range outputs {
		nodes = append(nodes, n)
	}
	sort.Strings(nodes)
	for _, n := range nodes {
		for _, key := range []string{"videos", "gifs", "images"} {
			b, _ := json.Marshal(outputs[n][key])
			var fs []comfyFile
			if json.Unmarshal(b, &fs) == nil {
				files = append(files, fs...)
			}
		}
	}
	for _, f := range files {
		if f.Filename != "" && videoExts[strings.ToLower(filepath.Ext(f.Filename))] {
			return f, nil
		}
	}
	if len(files) > 0 && files[0].Filename != "" {
		return files[0], nil
	}
	return comfyFile{}, fmt.Errorf("ComfyUI prompt %s finished without an output file (does the workflow save a video?)", id)
}

// extRe matches a plain file extension.
var extRe = regexp.MustCompile(`^\.[a-z0-9]{1,5}$`)

// extOf is a file's extension when it looks like one, else .mp4.
func extOf(name string) string {
	if e := strings.ToLower(filepath.Ext(name)); extRe.MatchString(e) {
		return e
	}
	return config.DefaultGeneratedExt
}
