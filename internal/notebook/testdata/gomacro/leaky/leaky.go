// Package leaky exports an interface whose method returns a type of an internal package:
// Go allows it, gophernotes' proxy for the interface cannot import that package.
package leaky

import "example.com/gomacrorules/leaky/internal/secret"

// Keeper keeps a secret.
type Keeper interface {
	Secret() secret.Token
}

type keeper struct{}

func (keeper) Secret() secret.Token { return "s" }

// New returns a Keeper.
func New() Keeper { return keeper{} }
