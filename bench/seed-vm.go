// The seed's orchestrator as poolsim's VM runs it: bench/seed.go's run, once, with main
// printing the sum. benches/go.rs runs it natively in virtual time, scripts/bench.mjs through
// runGo live in Chromium; both set their own counts on the two constants' lines.
package main

import (
	"fmt"
	"sync"
)

const workerCount = 4
const jobCount = 1000000

func worker(id int, jobs <-chan int, results chan<- int) {
	for j := range jobs {
		results <- j * 2
	}
}

func main() {
	jobs := make(chan int, 100)
	results := make(chan int, 100)
	var wg sync.WaitGroup
	for w := 1; w <= workerCount; w++ {
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
		for j := 1; j <= jobCount; j++ {
			jobs <- j
		}
		close(jobs)
	}()
	sum := 0
	for r := range results {
		sum += r
	}
	fmt.Println(sum)
}
