package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"runtime/metrics"
	"strings"
	"time"

	"github.com/gopymc/gopymc/callbacks"
	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/pm"
	"gorgonia.org/tensor"
)

const rows, cols = 40000, 100

func main() {
	n := flag.Int("n", 10000, "fit iterations")
	gcEvery := flag.Int("gcevery", 0, "run the garbage collector every k iterations (0: never), to see the peak without the per-iteration garbage")
	keep := flag.Bool("keep", true, "keep the caller's own copy of the data alive during the fit, as the tutorial does")
	flag.Parse()
	dataBytes := float64(rows * cols * 8)
	report := func(stage string) {
		hwm, rss := procStatus("VmHWM"), procStatus("VmRSS")
		fmt.Printf("%-28s VmHWM %6.1f MB (%.2f× data)  VmRSS %6.1f MB  heap goal %6.1f MB\n",
			stage, hwm/1e6, hwm/dataBytes, rss/1e6, heapGoal()/1e6)
	}
	report("start")
	data := tensor.New(tensor.WithShape(rows, cols), tensor.WithBacking(testmodels.TutorialData(1)))
	report("data made")
	X := pm.NewMinibatch(data, 500)
	if err := X.Err(); err != nil {
		log.Fatal(err)
	}
	report("minibatch made")
	m := pm.NewModel()
	mu := pm.Flat(m, "mu", pm.Shape(cols))
	sd := pm.HalfNormal(m, "sd", 1.0, pm.Shape(cols))
	pm.Normal(m, "likelihood", mu, sd, pm.Observed(X), pm.TotalSize(rows, cols))
	if err := m.Err(); err != nil {
		log.Fatal(err)
	}
	opts := []pm.Option{pm.N(*n), pm.Seed(1), pm.Output(nil)}
	if *gcEvery > 0 {
		opts = append(opts, pm.Callbacks(callbacks.Func(func(_ callbacks.FlatParamser, _ []float64, i int) error {
			if i%*gcEvery == 0 {
				runtime.GC()
			}
			return nil
		})))
	}
	if !*keep {
		data = nil
		runtime.GC()
		report("caller's data dropped")
	}
	t0 := time.Now()
	if _, err := pm.Fit(m, opts...); err != nil {
		log.Fatal(err)
	}
	el := time.Since(t0)
	report(fmt.Sprintf("fit (%d it, %.0f it/s)", *n, float64(*n)/el.Seconds()))
	runtime.KeepAlive(data)
}

// procStatus returns a "kB" field of /proc/self/status in bytes (0 when unavailable).
func procStatus(field string) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, field+":") {
			continue
		}
		var kb float64
		fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, field+":")), "%f", &kb)
		return kb * 1024
	}
	return 0
}

func heapGoal() float64 {
	s := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}}
	metrics.Read(s)
	return float64(s[0].Value.Uint64())
}
