// The seed's orchestrator, unchanged but for the print in the worker (printing a million lines
// would measure the terminal), timed over repeated runs for poolsim's benchmark.
//
// Usage: seed <workers> <jobs> <runs>; prints one JSON line with each run's milliseconds.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"
)

func worker(id int, jobs <-chan int, results chan<- int) {
	for j := range jobs {
		results <- j * 2
	}
}

func run(workers, n int) (time.Duration, int) {
	start := time.Now()
	jobs := make(chan int, 100)
	results := make(chan int, 100)
	var wg sync.WaitGroup

	for w := 1; w <= workers; w++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			worker(id, jobs, results)
		}(w)
	}

	go func() {
		wg.Wait()
		close(results)
	}()

	go func() {
		for j := 1; j <= n; j++ {
			jobs <- j
		}
		close(jobs)
	}()

	sum := 0
	for r := range results {
		sum += r
	}
	return time.Since(start), sum
}

func main() {
	workers, _ := strconv.Atoi(os.Args[1])
	n, _ := strconv.Atoi(os.Args[2])
	runs, _ := strconv.Atoi(os.Args[3])
	ms := make([]float64, 0, runs)
	for i := 0; i < runs; i++ {
		elapsed, sum := run(workers, n)
		if sum != n*(n+1) {
			fmt.Fprintf(os.Stderr, "wrong sum %d\n", sum)
			os.Exit(1)
		}
		ms = append(ms, float64(elapsed.Nanoseconds())/1e6)
	}
	out, _ := json.Marshal(map[string]interface{}{"driver": "go", "workers": workers, "ms": ms})
	fmt.Println(string(out))
}
