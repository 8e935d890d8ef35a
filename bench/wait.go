// The seed's orchestrator with I/O-bound workers at scale, for poolsim's benchmark: 100,000
// workers that each wait 10 ms per job, through 1,000,000 jobs (ideally 100 ms).
//
// Usage: wait <runs>; prints one JSON line with each run's milliseconds.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"
)

const (
	workers = 100000
	jobs    = 1000000
)

func worker(jobs <-chan int, results chan<- int) {
	for j := range jobs {
		time.Sleep(10 * time.Millisecond)
		results <- j
	}
}

func run() time.Duration {
	start := time.Now()
	jobsCh := make(chan int, 100)
	results := make(chan int, 100)
	var wg sync.WaitGroup
	for w := 1; w <= workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			worker(jobsCh, results)
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	go func() {
		for j := 1; j <= jobs; j++ {
			jobsCh <- j
		}
		close(jobsCh)
	}()
	n := 0
	for range results {
		n++
	}
	if n != jobs {
		panic(fmt.Sprintf("lost jobs: %d of %d", n, jobs))
	}
	return time.Since(start)
}

func main() {
	runs, err := strconv.Atoi(os.Args[1])
	if err != nil {
		panic("usage: wait <runs>")
	}
	ms := []float64{}
	for i := 0; i < runs; i++ {
		ms = append(ms, float64(run().Microseconds())/1000)
	}
	out, _ := json.Marshal(map[string]any{"driver": "go", "ms": ms})
	fmt.Println(string(out))
}
