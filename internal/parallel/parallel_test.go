package parallel

import (
	"sync"
	"sync/atomic"
	"testing"
)

type countTask struct {
	hits []atomic.Int32
}

func (t *countTask) Run(i int) { t.hits[i].Add(1) }

// Every part runs exactly once, for any number of parts and workers, also when several
// goroutines run jobs at once and when a part runs a job itself.
func TestRunEveryPartOnce(t *testing.T) {
	defer SetWorkers(SetWorkers(0))
	for _, w := range []int{1, 2, 3, 8} {
		SetWorkers(w)
		for _, n := range []int{0, 1, 2, 7, 100} {
			task := &countTask{hits: make([]atomic.Int32, n)}
			var j Job
			j.Run(task, n)
			j.Run(task, n) // a Job is reusable
			for i := range task.hits {
				if h := task.hits[i].Load(); h != 2 {
					t.Fatalf("workers %d, n %d: part %d ran %d times, want 2", w, n, i, h)
				}
			}
		}
	}
	SetWorkers(4)
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			task := &countTask{hits: make([]atomic.Int32, 50)}
			var j Job
			for range 20 {
				j.Run(task, 50)
			}
			for i := range task.hits {
				if h := task.hits[i].Load(); h != 20 {
					t.Errorf("part %d ran %d times, want 20", i, h)
				}
			}
		}()
	}
	wg.Wait()
	outer := &nestTask{inner: make([]*countTask, 8)}
	for i := range outer.inner {
		outer.inner[i] = &countTask{hits: make([]atomic.Int32, 10)}
	}
	var j Job
	j.Run(outer, 8)
	for _, in := range outer.inner {
		for i := range in.hits {
			if h := in.hits[i].Load(); h != 1 {
				t.Fatalf("nested part %d ran %d times, want 1", i, h)
			}
		}
	}
}

type nestTask struct{ inner []*countTask }

func (t *nestTask) Run(i int) {
	var j Job
	j.Run(t.inner[i], len(t.inner[i].hits))
}

func TestRunAllocatesNothing(t *testing.T) {
	defer SetWorkers(SetWorkers(2))
	task := &countTask{hits: make([]atomic.Int32, 16)}
	var j Job
	if a := testing.AllocsPerRun(100, func() { j.Run(task, 16) }); a != 0 {
		t.Errorf("Run allocates %v times, want 0", a)
	}
}
