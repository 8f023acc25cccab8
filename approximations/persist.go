package approximations

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/gopymc/gopymc/internal/vifile"
	"github.com/gopymc/gopymc/model"
)

// FormatVersion is the version of the approximation file format that Save writes and the
// newest that Load reads.
const FormatVersion = 1

// formatName is the "format" of an approximation file's header.
const formatName = "gopymc-approximation"

// Errors of Load, matched with errors.Is.
var (
	// ErrNotApproximationFile: the input does not start as a gopymc file does.
	ErrNotApproximationFile = vifile.ErrNotVIFile
	// ErrTruncatedFile: the input ends before the file does.
	ErrTruncatedFile = vifile.ErrTruncated
	// ErrCorruptFile: the checksum, the header or the arrays are wrong.
	ErrCorruptFile = vifile.ErrCorrupt
	// ErrNewerFormat: the file was written in a newer format version than this gopymc reads.
	ErrNewerFormat = vifile.ErrNewer
	// ErrModelMismatch: the model given to Load is not the one the approximation was fitted
	// to (variables, shapes or transforms differ).
	ErrModelMismatch = errors.New("the model differs from the saved approximation's")
)

// approxBody is the header body of an approximation file: what it is, the model it
// approximates (its free variables in flat order), its parameters' names in PyMC order
// (arrays "param/<name>"), the state of its random stream and the kind's own settings. The
// loss history is the array "hist".
type approxBody struct {
	Kind   string          `json:"kind"`
	Dim    int             `json:"dim"`
	Vars   []savedVar      `json:"vars"`
	Params []string        `json:"params"`
	RNG    []byte          `json:"rng"`
	Extra  json.RawMessage `json:"extra,omitempty"`
	Writer string          `json:"writer"`
}

// savedVar is one free variable of the model, as model.VarInfo.
type savedVar struct {
	Name      string `json:"name"`
	ValueName string `json:"value_name"`
	Transform string `json:"transform,omitempty"`
	Shape     []int  `json:"shape"`
}

// kindCodec is what one kind of approximation adds to the common format: its settings for
// the header (extra, nil for none) and how to make a fresh approximation of a model from
// them, into which Load copies the saved parameters. A normalizing flow registers its
// formula and layers here (normalizingflow_persist.go).
type kindCodec struct {
	extra func(q Approximation) (any, error)
	build func(m *model.Model, extra json.RawMessage) (Approximation, error)
}

var kindCodecs = map[string]kindCodec{}

// registerKind adds the codec of approximations whose base kind is kind.
func registerKind(kind string, c kindCodec) { kindCodecs[kind] = c }

func init() {
	registerKind("MeanField", kindCodec{build: func(m *model.Model, _ json.RawMessage) (Approximation, error) {
		return NewMeanField(m)
	}})
	registerKind("FullRank", kindCodec{build: func(m *model.Model, _ json.RawMessage) (Approximation, error) {
		return NewFullRank(m)
	}})
	type empiricalExtra struct {
		Size int `json:"size"`
	}
	registerKind("Empirical", kindCodec{
		extra: func(q Approximation) (any, error) { return empiricalExtra{Size: q.(*Empirical).Size()}, nil },
		build: func(m *model.Model, extra json.RawMessage) (Approximation, error) {
			var e empiricalExtra
			if err := json.Unmarshal(extra, &e); err != nil || e.Size < 1 {
				return nil, fmt.Errorf("%w: Empirical needs its number of particles (extra.size), got %s", ErrCorruptFile, extra)
			}
			return newEmpirical(m, e.Size, 0)
		},
	})
}

// core gives the persistence code the shared parts of an approximation.
func (b *base) core() *base { return b }

type corer interface{ core() *base }

// Save writes q to w in gopymc's approximation file format (see FormatVersion and package
// internal/vifile's layout): a JSON header naming the kind, the model's free variables
// with their shapes and transforms, the parameters and the random stream's state, then the
// parameters and the loss history as float64 values, and a checksum. Load restores it bit
// for bit: the same parameters, and the same draws from Sample for the same calls.
//
// It returns an error for an approximation of a kind that cannot be saved, or from w.
func Save(w io.Writer, q Approximation) error {
	body, arrays, err := encodeApproximation(q)
	if err != nil {
		return err
	}
	if err := vifile.Write(w, formatName, FormatVersion, body, arrays); err != nil {
		return fmt.Errorf("approximations: Save: %w", err)
	}
	return nil
}

func encodeApproximation(q Approximation) (*approxBody, []vifile.Array, error) {
	c, ok := q.(corer)
	if !ok || q == nil {
		return nil, nil, fmt.Errorf("approximations: Save: %v is not an approximation of this package", q)
	}
	if err := q.CheckModel(); err != nil {
		return nil, nil, fmt.Errorf("approximations: Save: %w", err)
	}
	b := c.core()
	codec, ok := kindCodecs[b.kind]
	if !ok {
		return nil, nil, fmt.Errorf("approximations: Save: %s approximations cannot be saved yet", b.kind)
	}
	rng, err := b.src.MarshalBinary()
	if err != nil {
		return nil, nil, fmt.Errorf("approximations: Save: the random stream: %w", err)
	}
	body := &approxBody{Kind: b.kind, Dim: b.dim, Params: b.names, RNG: rng, Writer: "gopymc"}
	for _, o := range b.order {
		body.Vars = append(body.Vars, savedVar{Name: o.Name, ValueName: o.ValueName, Transform: o.Transform, Shape: append([]int{}, o.Shape...)})
	}
	if codec.extra != nil {
		e, err := codec.extra(q)
		if err != nil {
			return nil, nil, fmt.Errorf("approximations: Save: %w", err)
		}
		if body.Extra, err = json.Marshal(e); err != nil {
			return nil, nil, fmt.Errorf("approximations: Save: %w", err)
		}
	}
	var arrays []vifile.Array
	for i, name := range b.names {
		shape := []int(b.shared[name].Node().Shape())
		arrays = append(arrays, vifile.Array{Name: "param/" + name, Shape: append([]int{}, shape...), Data: b.param(i)})
	}
	arrays = append(arrays, vifile.Array{Name: "hist", Shape: []int{len(b.hist)}, Data: b.hist})
	return body, arrays, nil
}

// Load reads an approximation that Save wrote, for the model m it was fitted to (the same
// free variables in the same order, with the same shapes and transforms; the data may
// differ). The approximation continues the saved one's random stream.
//
// It returns an error wrapping ErrNotApproximationFile, ErrTruncatedFile, ErrCorruptFile
// (a checksum, header or array that is wrong), ErrNewerFormat (a file from a newer gopymc)
// or ErrModelMismatch (naming the first variable that differs), or m's build error.
func Load(r io.Reader, m *model.Model) (Approximation, error) {
	f, err := vifile.Read(r, formatName, FormatVersion)
	if err != nil {
		return nil, fmt.Errorf("approximations: Load: %w", err)
	}
	q, err := decodeApproximation(f, m)
	if err != nil {
		return nil, fmt.Errorf("approximations: Load: %w", err)
	}
	return q, nil
}

func decodeApproximation(f *vifile.File, m *model.Model) (Approximation, error) {
	if m == nil {
		return nil, errors.New("the model is nil")
	}
	if err := m.Err(); err != nil {
		return nil, err
	}
	var body approxBody
	if err := json.Unmarshal(f.Body, &body); err != nil {
		return nil, fmt.Errorf("%w: the header body: %v", ErrCorruptFile, err)
	}
	codec, ok := kindCodecs[body.Kind]
	if !ok {
		return nil, fmt.Errorf("%w: unknown kind of approximation %q (this gopymc knows %s)", ErrCorruptFile, body.Kind, strings.Join(knownKinds(), ", "))
	}
	if err := checkModel(body, m); err != nil {
		return nil, err
	}
	q, err := codec.build(m, body.Extra)
	if err != nil {
		return nil, err
	}
	b := q.(corer).core()
	if !slices.Equal(body.Params, b.names) {
		return nil, fmt.Errorf("%w: %v has parameters %v, the file %v", ErrCorruptFile, q, b.names, body.Params)
	}
	for i, name := range b.names {
		a, ok := f.Array("param/" + name)
		if !ok || len(a.Data) != len(b.param(i)) {
			return nil, fmt.Errorf("%w: parameter %q of %v: want %d values, the file has %d", ErrCorruptFile, name, q, len(b.param(i)), len(a.Data))
		}
		copy(b.param(i), a.Data)
	}
	if h, ok := f.Array("hist"); ok {
		b.hist = h.Data
	}
	if err := b.src.UnmarshalBinary(body.RNG); err != nil {
		return nil, fmt.Errorf("%w: the random stream's state: %v", ErrCorruptFile, err)
	}
	return q, nil
}

// checkModel returns ErrModelMismatch naming the first difference between the saved
// variables and m's.
func checkModel(body approxBody, m *model.Model) error {
	order := m.Ordering()
	for i, sv := range body.Vars {
		if i >= len(order) {
			return fmt.Errorf("%w: the file has free variable %q (#%d), the model has only %d free variables", ErrModelMismatch, sv.Name, i+1, len(order))
		}
		o := order[i]
		switch {
		case o.Name != sv.Name || o.ValueName != sv.ValueName:
			return fmt.Errorf("%w: free variable #%d is %q (value %q) in the model, %q (value %q) in the file", ErrModelMismatch, i+1, o.Name, o.ValueName, sv.Name, sv.ValueName)
		case o.Transform != sv.Transform:
			return fmt.Errorf("%w: free variable %q has transform %q in the model, %q in the file", ErrModelMismatch, o.Name, o.Transform, sv.Transform)
		case !slices.Equal([]int(o.Shape), sv.Shape):
			return fmt.Errorf("%w: free variable %q has shape %v in the model, %v in the file", ErrModelMismatch, o.Name, []int(o.Shape), sv.Shape)
		}
	}
	if len(order) > len(body.Vars) {
		return fmt.Errorf("%w: the model has free variable %q, which the file does not", ErrModelMismatch, order[len(body.Vars)].Name)
	}
	if body.Dim != m.Dim() {
		return fmt.Errorf("%w: dimension %d in the model, %d in the file", ErrModelMismatch, m.Dim(), body.Dim)
	}
	return nil
}

func knownKinds() []string {
	var k []string
	for name := range kindCodecs {
		k = append(k, name)
	}
	slices.Sort(k)
	return k
}
