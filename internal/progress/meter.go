package progress

import (
	"strconv"
	"strings"
	"time"
)

// barWidth is the number of cells of the bar, tqdm's width when the terminal's is unknown.
const barWidth = 10

// barCells are tqdm's bar characters: empty, seven eighths-filled steps, full.
var barCells = [...]string{" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"}

// appendMeter appends tqdm's meter text for n of total iterations after elapsed time, as
// tqdm's format_meter without unit scaling:
//
//	" 47%|████▋     | 4688/10000 [00:00<00:00, 7060.06it/s]"  (total > 0)
//	"123it [00:01, 100.00it/s]"                               (total <= 0: unknown)
//
// The percentage is "%3.0f" of 100 n/total; the bar has 10 cells filled to n/total (clamped
// to [0, 1]) in eighths; elapsed and remaining time are mm:ss or h:mm:ss; the rate is the
// average n/elapsed as "%5.2f" followed by unit and "/s", or, below one per second, its
// inverse as "%5.2fs/" followed by unit; an unknown rate (no time elapsed or n == 0) shows
// "?" and an unknown remaining time "?".
func appendMeter(dst []byte, n, total int, elapsed time.Duration, unit string) []byte {
	secs := elapsed.Seconds()
	var rate float64
	if secs > 0 {
		rate = float64(n) / secs
	}
	if total <= 0 {
		dst = strconv.AppendInt(dst, int64(n), 10)
		dst = append(dst, unit...)
		dst = append(dst, " ["...)
		dst = appendInterval(dst, secs)
		dst = append(dst, ", "...)
		dst = appendRate(dst, rate, unit)
		return append(dst, ']')
	}
	frac := float64(n) / float64(total)
	var b [32]byte
	dst = appendPadded(dst, strconv.AppendFloat(b[:0], 100*frac, 'f', 0, 64), 3)
	dst = append(dst, "%|"...)
	dst = appendBar(dst, frac)
	dst = append(dst, "| "...)
	dst = strconv.AppendInt(dst, int64(n), 10)
	dst = append(dst, '/')
	dst = strconv.AppendInt(dst, int64(total), 10)
	dst = append(dst, " ["...)
	dst = appendInterval(dst, secs)
	dst = append(dst, '<')
	if rate > 0 {
		dst = appendInterval(dst, max(0, float64(total-n)/rate))
	} else {
		dst = append(dst, '?')
	}
	dst = append(dst, ", "...)
	dst = appendRate(dst, rate, unit)
	return append(dst, ']')
}

// appendBar appends barWidth cells filled to frac, as tqdm's Bar: the filled length in
// eighths of a cell is truncated, full cells first, then one partial cell, then blanks.
func appendBar(dst []byte, frac float64) []byte {
	frac = min(max(frac, 0), 1)
	nsyms := len(barCells) - 1
	eighths := int(frac * barWidth * float64(nsyms))
	full, part := eighths/nsyms, eighths%nsyms
	for range full {
		dst = append(dst, barCells[nsyms]...)
	}
	if full < barWidth {
		dst = append(dst, barCells[part]...)
		for range barWidth - full - 1 {
			dst = append(dst, ' ')
		}
	}
	return dst
}

// appendInterval appends the whole seconds of secs as tqdm's format_interval: "mm:ss", or
// "h:mm:ss" from one hour.
func appendInterval(dst []byte, secs float64) []byte {
	t := int64(secs)
	m, s := t/60, t%60
	h, m := m/60, m%60
	if h > 0 {
		dst = strconv.AppendInt(dst, h, 10)
		dst = append(dst, ':')
	}
	dst = append2(dst, m)
	dst = append(dst, ':')
	return append2(dst, s)
}

// append2 appends v, in [0, 99], as two digits.
func append2(dst []byte, v int64) []byte {
	return append(dst, byte('0'+v/10), byte('0'+v%10))
}

// appendRate appends rate as tqdm's rate_fmt; see appendMeter.
func appendRate(dst []byte, rate float64, unit string) []byte {
	var b [32]byte
	switch {
	case rate <= 0:
		dst = append(dst, '?')
	case rate < 1:
		dst = appendPadded(dst, strconv.AppendFloat(b[:0], 1/rate, 'f', 2, 64), 5)
		dst = append(dst, "s/"...)
		return append(dst, strings.TrimSpace(unit)...)
	default:
		dst = appendPadded(dst, strconv.AppendFloat(b[:0], rate, 'f', 2, 64), 5)
	}
	dst = append(dst, unit...)
	return append(dst, "/s"...)
}

// appendPadded appends s right-aligned in width columns.
func appendPadded(dst, s []byte, width int) []byte {
	for range width - len(s) {
		dst = append(dst, ' ')
	}
	return append(dst, s...)
}
