package trace

import (
	"io"
	"strconv"
	"strings"
)

// elapsedTitle is CmdStan's timing title; after the "# " of a comment line the values start
// at column 17, where CmdStan's own reader (stan_csv_reader) reads them.
const elapsedTitle = " Elapsed Time: "

// writeElapsedTime writes the comments CmdStan ends a sampler output file with
// (stan::services::util::mcmc_writer::write_timing): an empty comment "# ", the warm-up,
// sampling and total times in seconds with C++'s default six significant digits, and an
// empty comment:
//
//	#
//	#  Elapsed Time: 0.003 seconds (Warm-up)
//	#                0.009 seconds (Sampling)
//	#                0.012 seconds (Total)
//	#
func writeElapsedTime(w io.Writer, warmup, sampling float64) {
	// CmdStan's comment writer puts "# " before each line.
	pad := strings.Repeat(" ", len(elapsedTitle))
	io.WriteString(w, "# \n")
	io.WriteString(w, "# "+elapsedTitle+formatSeconds(warmup)+" seconds (Warm-up)\n")
	io.WriteString(w, "# "+pad+formatSeconds(sampling)+" seconds (Sampling)\n")
	io.WriteString(w, "# "+pad+formatSeconds(warmup+sampling)+" seconds (Total)\n")
	io.WriteString(w, "# \n")
}

// formatSeconds formats t as a C++ stream does by default (%g with six significant digits).
func formatSeconds(t float64) string {
	return strconv.FormatFloat(t, 'g', 6, 64) // as C++, at least two exponent digits: 1e-05
}

// parseElapsedTime reads the seconds of a timing comment (as CmdStan's reader does: the
// text from column 17 up to " seconds"), and whether the line is the warm-up or sampling
// one.
func parseElapsedTime(line string) (secs float64, warmup, sampling bool) {
	warmup = strings.Contains(line, "(Warm-up)")
	sampling = strings.Contains(line, "(Sampling)")
	if !warmup && !sampling {
		return 0, false, false
	}
	end := strings.Index(line, " seconds")
	start := len("#") + len(elapsedTitle)
	if end < start {
		return 0, false, false
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(line[start:end]), 64)
	if err != nil {
		return 0, false, false
	}
	return v, warmup, sampling
}
