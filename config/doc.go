// Package config holds the settings that package pm's functional options set, so that the
// packages below pm (opvi, approximations) accept the very options users pass to pm: pm
// re-exports Option as pm.Option. Each consumer collects the options it is given and
// rejects, with an error naming both, any option that does not apply to it (an option is never
// silently ignored).
//
// The package is public because the options are part of the public API: methods of exported
// interfaces (Approximation.SampleNode, say) take them, and tools that generate code for
// those interfaces (gophernotes' interpreter) must be able to name the type.
package config
