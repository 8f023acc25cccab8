package notebook

import "strings"

// gomacroPrebuilt holds the standard packages that gomacro carries compiled into the kernel
// (the Packages its imports folder registers, at the gomacro commit gophernotes master pins,
// 3dc08f5f8fea, plus gophernotes' own "display"). A cell's import of one of them builds
// nothing; every other package a cell imports for the first time, standard ones included
// (math/rand/v2, slices, log/slog, ...), goes into the plugin gomacro builds for the cell.
var gomacroPrebuilt = func() map[string]bool {
	m := map[string]bool{"display": true}
	for _, p := range strings.Fields(`
	archive/tar archive/zip bufio bytes compress/bzip2 compress/flate compress/gzip
	compress/lzw compress/zlib container/heap container/list container/ring context crypto
	crypto/aes crypto/cipher crypto/des crypto/dsa crypto/ecdsa crypto/ed25519 crypto/elliptic
	crypto/hmac crypto/md5 crypto/rand crypto/rc4 crypto/rsa crypto/sha1 crypto/sha256
	crypto/sha512 crypto/subtle crypto/tls crypto/x509 crypto/x509/pkix database/sql
	database/sql/driver debug/dwarf debug/elf debug/gosym debug/macho debug/pe debug/plan9obj
	encoding encoding/ascii85 encoding/asn1 encoding/base32 encoding/base64 encoding/binary
	encoding/csv encoding/gob encoding/hex encoding/json encoding/pem encoding/xml errors
	expvar flag fmt go/ast go/build go/constant go/doc go/format go/importer go/parser
	go/printer go/scanner go/token go/types hash hash/adler32 hash/crc32 hash/crc64 hash/fnv
	html html/template image image/color image/color/palette image/draw image/gif image/jpeg
	image/png index/suffixarray io io/ioutil log log/syslog math math/big math/bits math/cmplx
	math/rand mime mime/multipart mime/quotedprintable net net/http net/http/cgi
	net/http/cookiejar net/http/fcgi net/http/httptest net/http/httptrace net/http/httputil
	net/http/pprof net/mail net/rpc net/rpc/jsonrpc net/smtp net/textproto net/url os os/exec
	os/signal os/user path path/filepath plugin reflect regexp regexp/syntax runtime
	runtime/debug runtime/pprof runtime/trace sort strconv strings sync sync/atomic testing
	testing/iotest testing/quick text/scanner text/tabwriter text/template text/template/parse
	time unicode unicode/utf16 unicode/utf8 unsafe
`) {
		m[p] = true
	}
	return m
}()
