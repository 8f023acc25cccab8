// Package sealedalias names sealed.Model again, as pm names approximations.Approximation.
package sealedalias

import "example.com/gomacrorules/sealed"

// Model is sealed.Model.
type Model = sealed.Model

// New returns a Model.
func New() Model { return sealed.New() }
