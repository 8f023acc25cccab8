package vifile

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
)

// Magic starts every file.
const Magic = "GOPYMCVI"

// Limits that keep a corrupted length from allocating without bound.
const (
	maxHeader = 64 << 20
	maxFloats = 1 << 31
)

// Errors a reader returns, wrapped with details.
var (
	ErrNotVIFile = errors.New("not a gopymc file (bad magic)")
	ErrTruncated = errors.New("the file is truncated")
	ErrCorrupt   = errors.New("the file is corrupted")
	ErrNewer     = errors.New("the file was written by a newer gopymc")
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Array is one named float64 array of a file.
type Array struct {
	Name  string
	Shape []int
	Data  []float64
}

// header is the JSON header.
type header struct {
	Format        string          `json:"format"`
	Version       int             `json:"version"`
	Body          json.RawMessage `json:"body"`
	Arrays        []arrayEntry    `json:"arrays"`
	PayloadFloats int             `json:"payload_floats"`
}

type arrayEntry struct {
	Name   string `json:"name"`
	Shape  []int  `json:"shape"`
	Offset int    `json:"offset"`
	Length int    `json:"length"`
}

// Write writes one file: format and version, body marshalled as JSON, and the arrays.
func Write(w io.Writer, format string, version int, body any, arrays []Array) error {
	b, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("encoding the header: %w", err)
	}
	h := header{Format: format, Version: version, Body: b}
	off := 0
	for _, a := range arrays {
		h.Arrays = append(h.Arrays, arrayEntry{Name: a.Name, Shape: a.Shape, Offset: off, Length: len(a.Data)})
		off += len(a.Data)
	}
	h.PayloadFloats = off
	hb, err := json.MarshalIndent(h, "", " ")
	if err != nil {
		return fmt.Errorf("encoding the header: %w", err)
	}
	var buf bytes.Buffer
	buf.Grow(12 + len(hb) + 8*off + 4)
	buf.WriteString(Magic)
	buf.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(hb))))
	buf.Write(hb)
	var v [8]byte
	for _, a := range arrays {
		for _, x := range a.Data {
			binary.LittleEndian.PutUint64(v[:], math.Float64bits(x))
			buf.Write(v[:])
		}
	}
	buf.Write(binary.LittleEndian.AppendUint32(nil, crc32.Checksum(buf.Bytes(), castagnoli)))
	_, err = w.Write(buf.Bytes())
	return err
}

// File is one file read back.
type File struct {
	Format  string
	Version int
	Body    json.RawMessage
	arrays  map[string]Array
	names   []string
}

// Array returns the named array and whether the file has it.
func (f *File) Array(name string) (Array, bool) {
	a, ok := f.arrays[name]
	return a, ok
}

// Names lists the arrays in file order.
func (f *File) Names() []string { return f.names }

// Read reads exactly one file from r. It returns an error wrapping ErrNotVIFile,
// ErrTruncated, ErrCorrupt (bad checksum, bad JSON, inconsistent arrays), or ErrNewer when
// the file's format is not format or its version exceeds maxVersion (checked before the
// payload, whose layout a newer version may change).
func Read(r io.Reader, format string, maxVersion int) (*File, error) {
	if r == nil {
		return nil, errors.New("vifile: nil reader")
	}
	var pre [12]byte
	if n, err := io.ReadFull(r, pre[:]); err != nil {
		if readFailed(err) {
			return nil, fmt.Errorf("vifile: reading the preamble: %w", err)
		}
		if n == 0 && err == io.EOF {
			return nil, fmt.Errorf("%w: the input is empty", ErrTruncated)
		}
		if n >= len(Magic) && string(pre[:len(Magic)]) != Magic || n < len(Magic) && !bytes.HasPrefix([]byte(Magic), pre[:n]) {
			return nil, ErrNotVIFile
		}
		return nil, fmt.Errorf("%w: %d bytes, fewer than the 12 of the preamble", ErrTruncated, n)
	}
	if string(pre[:8]) != Magic {
		return nil, ErrNotVIFile
	}
	hl := binary.LittleEndian.Uint32(pre[8:])
	if hl > maxHeader {
		return nil, fmt.Errorf("%w: header length %d is implausible", ErrCorrupt, hl)
	}
	hb := make([]byte, hl)
	if n, err := io.ReadFull(r, hb); err != nil {
		if readFailed(err) {
			return nil, fmt.Errorf("vifile: reading the header: %w", err)
		}
		return nil, fmt.Errorf("%w: the header has %d of its %d bytes", ErrTruncated, n, hl)
	}
	var h header
	if err := json.Unmarshal(hb, &h); err != nil {
		return nil, fmt.Errorf("%w: the header is not valid JSON: %v", ErrCorrupt, err)
	}
	if h.Format != format {
		if h.Format == "" {
			return nil, fmt.Errorf("%w: the header names no format", ErrCorrupt)
		}
		return nil, fmt.Errorf("%w: the file holds %q, not %q", ErrCorrupt, h.Format, format)
	}
	if h.Version > maxVersion {
		return nil, fmt.Errorf("%w: %s format version %d, this gopymc reads versions up to %d; update gopymc", ErrNewer, format, h.Version, maxVersion)
	}
	if h.Version < 1 {
		return nil, fmt.Errorf("%w: format version %d", ErrCorrupt, h.Version)
	}
	if h.PayloadFloats < 0 || h.PayloadFloats > maxFloats {
		return nil, fmt.Errorf("%w: payload of %d values is implausible", ErrCorrupt, h.PayloadFloats)
	}
	payload := make([]byte, 8*h.PayloadFloats+4)
	if n, err := io.ReadFull(r, payload); err != nil {
		if readFailed(err) {
			return nil, fmt.Errorf("vifile: reading the payload: %w", err)
		}
		return nil, fmt.Errorf("%w: %d of the %d bytes after the header", ErrTruncated, n, len(payload))
	}
	crc := crc32.Update(crc32.Checksum(pre[:], castagnoli), castagnoli, hb)
	crc = crc32.Update(crc, castagnoli, payload[:len(payload)-4])
	if got := binary.LittleEndian.Uint32(payload[len(payload)-4:]); got != crc {
		return nil, fmt.Errorf("%w: checksum %08x, the contents give %08x", ErrCorrupt, got, crc)
	}
	f := &File{Format: h.Format, Version: h.Version, Body: h.Body, arrays: map[string]Array{}}
	for _, a := range h.Arrays {
		size := 1
		for _, d := range a.Shape {
			if d < 0 || d > h.PayloadFloats {
				return nil, fmt.Errorf("%w: array %q has shape %v", ErrCorrupt, a.Name, a.Shape)
			}
			size *= d
			if size > h.PayloadFloats {
				return nil, fmt.Errorf("%w: array %q of shape %v does not fit the payload of %d values", ErrCorrupt, a.Name, a.Shape, h.PayloadFloats)
			}
		}
		if a.Offset < 0 || a.Length < 0 || a.Offset+a.Length > h.PayloadFloats || size != a.Length {
			return nil, fmt.Errorf("%w: array %q (offset %d, length %d, shape %v) does not fit the payload of %d values", ErrCorrupt, a.Name, a.Offset, a.Length, a.Shape, h.PayloadFloats)
		}
		data := make([]float64, a.Length)
		for i := range data {
			data[i] = math.Float64frombits(binary.LittleEndian.Uint64(payload[8*(a.Offset+i):]))
		}
		if _, dup := f.arrays[a.Name]; dup {
			return nil, fmt.Errorf("%w: array %q appears twice", ErrCorrupt, a.Name)
		}
		f.arrays[a.Name] = Array{Name: a.Name, Shape: a.Shape, Data: data}
		f.names = append(f.names, a.Name)
	}
	return f, nil
}

// readFailed reports whether a read ended with the reader's own error rather than with the
// end of the input (which means a truncated file).
func readFailed(err error) bool {
	return err != nil && err != io.EOF && err != io.ErrUnexpectedEOF
}
