// Package twinalias names twina.Handle again under the same name, as twinb's Handle is named.
package twinalias

import "example.com/gomacrorules/twina"

// Handle is twina.Handle.
type Handle = twina.Handle

// New returns a Handle.
func New() Handle { return twina.New() }
