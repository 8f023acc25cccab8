// Package secret is internal to leaky.
package secret

// Token is a secret.
type Token string
