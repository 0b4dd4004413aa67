// tlogcheck reads our ledger's tiles over HTTP with Go's golang.org/x/mod/sumdb/tlog and note
// packages, an implementation that is not ours, and checks them against the signed checkpoint:
//
//	tlogcheck <base URL of /api/v1/ledger> <vkey>
//
// It verifies the checkpoint's signature, that the tiles hash to the checkpoint's root (tlog checks
// every tile it reads against the tree), an inclusion proof for a sample of entries, and that every
// entry in the bundles hashes to its leaf in the level-0 tiles. Exit 0 and "ok <size>" when all hold.
package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// tilePath is C2SP tlog-tiles' path: <L>/<N>[.p/<W>] or entries/<N>[.p/<W>], N as x001/234.
func tilePath(t tlog.Tile) string {
	n := strconv.FormatInt(t.N, 10)
	for len(n)%3 != 0 {
		n = "0" + n
	}
	var parts []string
	for i := 0; i < len(n); i += 3 {
		parts = append(parts, n[i:i+3])
	}
	for i := 0; i < len(parts)-1; i++ {
		parts[i] = "x" + parts[i]
	}
	level := strconv.Itoa(t.L)
	if t.L == -1 {
		level = "entries"
	}
	p := level + "/" + strings.Join(parts, "/")
	if t.W < 1<<t.H {
		p += ".p/" + strconv.Itoa(t.W)
	}
	return p
}

type reader struct{ base string }

func (r reader) Height() int { return 8 }

func get(url string) ([]byte, error) {
	res, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != 200 {
		return nil, fmt.Errorf("GET %s: %d %s", url, res.StatusCode, body)
	}
	return body, nil
}

func (r reader) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		data, err := get(r.base + "/tile/" + tilePath(t))
		if err != nil {
			return nil, err
		}
		out[i] = data
	}
	return out, nil
}

func (r reader) SaveTiles([]tlog.Tile, [][]byte) {}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "FAIL: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	if len(os.Args) != 3 {
		fail("usage: tlogcheck <ledger base URL> <vkey>")
	}
	base, vkey := strings.TrimRight(os.Args[1], "/"), os.Args[2]
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		fail("vkey: %v", err)
	}
	msg, err := get(base + "/checkpoint")
	if err != nil {
		fail("%v", err)
	}
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		fail("checkpoint signature: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 {
		fail("checkpoint body: %q", n.Text)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		fail("checkpoint size: %v", err)
	}
	rootBytes, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(rootBytes) != tlog.HashSize {
		fail("checkpoint root: %q", lines[2])
	}
	var root tlog.Hash
	copy(root[:], rootBytes)

	r := reader{base}
	hashes := tlog.TileHashReader(tlog.Tree{N: size, Hash: root}, r)
	got, err := tlog.TreeHash(size, hashes)
	if err != nil {
		fail("tree hash from tiles: %v", err)
	}
	if got != root {
		fail("tree hash from tiles %v, checkpoint root %v", got, root)
	}

	// Every entry in the bundles hashes to its leaf in the (verified) level-0 tiles.
	for start := int64(0); start < size; start += 256 {
		w := min(size-start, 256)
		bundle := tlog.Tile{H: 8, L: -1, N: start / 256, W: int(w)}
		data, err := r.ReadTiles([]tlog.Tile{bundle})
		if err != nil {
			fail("%v", err)
		}
		rest := data[0]
		for i := int64(0); i < w; i++ {
			if len(rest) < 2 {
				fail("bundle %d ends before entry %d", bundle.N, start+i)
			}
			l := int(rest[0])<<8 | int(rest[1])
			if len(rest) < 2+l {
				fail("bundle %d: entry %d is cut short", bundle.N, start+i)
			}
			entry := rest[2 : 2+l]
			rest = rest[2+l:]
			leaf, err := hashes.ReadHashes([]int64{tlog.StoredHashIndex(0, start+i)})
			if err != nil {
				fail("leaf %d: %v", start+i, err)
			}
			if tlog.RecordHash(entry) != leaf[0] {
				fail("entry %d in its bundle does not hash to its leaf", start+i)
			}
			if !bytes.HasPrefix(entry, []byte("{")) {
				fail("entry %d is not JSON", start+i)
			}
		}
		if len(rest) != 0 {
			fail("bundle %d has %d bytes after its entries", bundle.N, len(rest))
		}
	}

	// Inclusion proofs made by tlog from our tiles check against the root.
	for _, i := range []int64{0, size / 3, size / 2, size - 1} {
		if i < 0 {
			continue
		}
		leaf, err := hashes.ReadHashes([]int64{tlog.StoredHashIndex(0, i)})
		if err != nil {
			fail("leaf %d: %v", i, err)
		}
		proof, err := tlog.ProveRecord(size, i, hashes)
		if err != nil {
			fail("inclusion proof %d: %v", i, err)
		}
		if err := tlog.CheckRecord(proof, size, root, i, leaf[0]); err != nil {
			fail("inclusion proof %d: %v", i, err)
		}
	}
	fmt.Printf("ok %d\n", size)
}
