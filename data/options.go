package data

import (
	"fmt"

	"gorgonia.org/tensor"
)

// Option configures NewMinibatch and NewMinibatchND, as PyMC's keyword arguments to
// pm.Minibatch. Each option prints as its constructor call. An option that does not apply to
// the constructor it is given to, or has an invalid value, makes the constructor return an
// error naming the option.
type Option interface {
	apply(c *config) error
	String() string
}

// DefaultSeed is the seed of the index streams when the Seed option is not given: PyMC3's
// random_seed=42.
const DefaultSeed = 42

// DefaultName is the name of a minibatch when the Name option is not given, as PyMC3's.
const DefaultName = "Minibatch"

// config holds what the options set; the zero value means the documented defaults.
type config struct {
	seed     uint64
	name     string
	aligned  []any
	inMemory []int
	updateF  func() (*tensor.Dense, error)
}

type option struct {
	text string
	f    func(c *config) error
}

func (o option) apply(c *config) error { return o.f(c) }
func (o option) String() string        { return o.text }

// Seed sets the seed of the minibatch's index streams (PyMC3's random_seed; default
// DefaultSeed, 42). With NewMinibatchND it is the seed of every axis given as a bare size;
// an axis given as a SizeSeed uses its own seed.
func Seed(seed uint64) Option {
	return option{fmt.Sprintf("Seed(%d)", seed), func(c *config) error {
		c.seed = seed
		return nil
	}}
}

// Name names the minibatch's nodes (PyMC3's name; default DefaultName, "Minibatch"). With
// aligned arrays, array i's node is named name.i, and the full data's shared value
// name.shared (name.i.shared).
func Name(name string) Option {
	return option{fmt.Sprintf("Name(%q)", name), func(c *config) error {
		if name == "" {
			return fmt.Errorf("data: Name: empty name")
		}
		c.name = name
		return nil
	}}
}

// Aligned adds arrays that are minibatched with the same row indices as the first, so that
// their rows stay aligned at every run (PyMC v5's Minibatch(x, y, batch_size=...)). Each
// array is a []float64, [][]float64, []int, [][]int or *tensor.Dense, and every array must
// have the same number of rows (first-axis length) as the first. Only NewMinibatch accepts
// this option: PyMC's aligned minibatches sample the first axis only.
func Aligned(other ...any) Option {
	return option{fmt.Sprintf("Aligned(%d arrays)", len(other)), func(c *config) error {
		if len(other) == 0 {
			return fmt.Errorf("data: Aligned: no arrays given")
		}
		c.aligned = append(c.aligned, other...)
		return nil
	}}
}

// InMemorySize keeps only a leading block of the data (PyMC3's in_memory_size): with one
// entry n, the first n rows (data[:n]); with several, the first entries[i] elements along
// axis i (data[:n0, :n1, ...]); the axes after the last entry are kept whole. Every entry
// must be positive and at most the length of its axis. It applies to the data given to the
// constructor (to each aligned array alike), not to SetValue or UpdateShared.
func InMemorySize(entries ...int) Option {
	return option{fmt.Sprintf("InMemorySize(%v)", entries), func(c *config) error {
		if len(entries) == 0 {
			return fmt.Errorf("data: InMemorySize: no sizes given")
		}
		for i, n := range entries {
			if n < 1 {
				return fmt.Errorf("data: InMemorySize: entry %d is %d, want a positive size", i, n)
			}
		}
		c.inMemory = append([]int(nil), entries...)
		return nil
	}}
}

// UpdateSharedFunc gives the function that UpdateShared calls to fetch new full data
// (PyMC3's update_shared_f). Its result must satisfy what SetValue requires. It applies to
// minibatches of one array only.
func UpdateSharedFunc(f func() (*tensor.Dense, error)) Option {
	return option{"UpdateSharedFunc(f)", func(c *config) error {
		if f == nil {
			return fmt.Errorf("data: UpdateSharedFunc: nil function")
		}
		c.updateF = f
		return nil
	}}
}

// newConfig applies opts over the defaults.
func newConfig(opts []Option) (config, error) {
	c := config{seed: DefaultSeed, name: DefaultName}
	for i, o := range opts {
		if o == nil {
			return c, fmt.Errorf("data: option %d is nil", i)
		}
		if err := o.apply(&c); err != nil {
			return c, err
		}
	}
	return c, nil
}
