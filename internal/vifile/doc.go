// Package vifile is the container of gopymc's saved approximations and inferences: a
// versioned, self-describing binary file that round-trips float64 values bit for bit.
//
// Layout (all integers little-endian):
//
//	offset 0   8 bytes   magic "GOPYMCVI"
//	offset 8   uint32    H, the length of the header
//	offset 12  H bytes   header: UTF-8 JSON, {"format": ..., "version": ..., "body": {...},
//	                     "arrays": [{"name", "shape", "offset", "length"}, ...],
//	                     "payload_floats": N}
//	           8N bytes  payload: the arrays' float64 values, IEEE 754 little-endian, each
//	                     array at its offset (in values) and of its length
//	           uint32    CRC-32C (Castagnoli) of every byte before it
//
// The header can be read with any JSON tool (skip 12 bytes); its "format" names what the
// file holds ("gopymc-approximation", "gopymc-inference") and "version" the layout of its
// body, which a reader refuses when it is newer than it knows. One stream may hold several
// files one after another: a reader consumes exactly one.
package vifile
