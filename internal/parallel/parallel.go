package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Task is a computation split into parts numbered from 0; Run computes part i. Parts may run
// at the same time on different goroutines, so each must write only to places of its own.
type Task interface {
	Run(i int)
}

// Job runs a Task's parts. A Job may be reused, but not by two goroutines at once; keeping
// one per computation makes running it allocate nothing.
type Job struct {
	task Task
	n    int64
	next atomic.Int64
	done sync.WaitGroup
}

// Run calls t.Run(i) for every i in [0, n) and returns when all have returned. The calling
// goroutine runs parts itself; up to Workers()-1 pool goroutines help it. While pool
// goroutines are busy with parts of any job, a Run runs its parts serially on the calling
// goroutine: so a part may itself call Run (a pool goroutine never waits for another), and
// computations started at once from several goroutines (chains) do not queue behind each
// other. Which goroutine runs a part never changes what the part computes.
func (j *Job) Run(t Task, n int) {
	w := min(Workers(), n)
	if w <= 1 || busy.Load() > 0 {
		for i := range n {
			t.Run(i)
		}
		return
	}
	j.task, j.n = t, int64(n)
	j.next.Store(0)
	p := thePool()
	j.done.Add(w - 1)
	for range w - 1 {
		p.work <- j
	}
	j.drain()
	j.done.Wait()
	j.task = nil
}

// drain runs parts until none is left.
func (j *Job) drain() {
	for {
		i := j.next.Add(1) - 1
		if i >= j.n {
			return
		}
		j.task.Run(int(i))
	}
}

// busy counts the pool goroutines running parts.
var busy atomic.Int64

var workers atomic.Int64 // 0: GOMAXPROCS

// Workers is the number of goroutines a Run uses at most: GOMAXPROCS, unless SetWorkers set
// another number.
func Workers() int {
	if w := workers.Load(); w > 0 {
		return int(w)
	}
	return runtime.GOMAXPROCS(0)
}

// SetWorkers sets the number of goroutines a Run uses at most (0 means GOMAXPROCS) and
// returns the previous setting. Results do not depend on it; it is for tests and for
// programs that run several computations at once and want fewer workers each.
func SetWorkers(n int) int {
	if n < 0 {
		n = 0
	}
	return int(workers.Swap(int64(n)))
}

// pool is a set of goroutines waiting for jobs. It grows to the largest number of helpers a
// Run has wanted and never shrinks.
type pool struct {
	mu      sync.Mutex
	work    chan *Job
	started int
}

var (
	poolOnce sync.Once
	shared   *pool
)

func thePool() *pool {
	poolOnce.Do(func() { shared = &pool{work: make(chan *Job, 256)} })
	p := shared
	want := Workers() - 1
	p.mu.Lock()
	for ; p.started < want; p.started++ {
		go p.worker()
	}
	p.mu.Unlock()
	return p
}

func (p *pool) worker() {
	for j := range p.work {
		busy.Add(1)
		j.drain()
		busy.Add(-1)
		j.done.Done()
	}
}
