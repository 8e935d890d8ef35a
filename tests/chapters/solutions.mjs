// The programs a reader who has understood the chapters writes: kept with the tests (the pages
// ship without them), used by the engine's checks (go-chapters.test.mjs) and the reader walks.

import { STARTER } from '../../tutorial/chapters/13-write-it-yourself.js';

/** Chapter 13's starter with `main` replaced by `body`. */
export const withMain = (body) =>
  STARTER.replace(/func main\(\) \{[\s\S]*\}\n$/, `func main() {\n${body}\n}\n`);

/** The orchestrator the chapter teaches, written as a reader would. */
export const ORCHESTRATOR = withMain(`	jobs := make(chan int)
	results := make(chan int)
	var wg sync.WaitGroup
	for w := 1; w <= numWorkers; w++ {
		wg.Go(func() {
			for j := range jobs {
				results <- process(j)
			}
		})
	}
	go func() {
		for j := 1; j <= numJobs; j++ {
			jobs <- j
		}
		close(jobs)
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	sum := 0
	for r := range results {
		sum += r
	}
	fmt.Println("sum:", sum)`);

/** Chapter 11: a semaphore from a buffered channel, taken before each go statement. */
export const SEMAPHORE = `package main

import (
	"fmt"
	"sync"
	"time"
)

// job is one piece of work: 10 ms of waiting (a request, a query).
func job(id int) {
	time.Sleep(10 * time.Millisecond)
	fmt.Println("job", id, "done")
}

func main() {
	start := time.Now()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 3) // a place for each job that may run
	for id := 1; id <= 12; id++ {
		sem <- struct{}{} // wait for a place
		wg.Go(func() {
			defer func() { <-sem }() // give it back
			job(id)
		})
	}
	wg.Wait()
	fmt.Printf("12 jobs in %d ms\\n", time.Since(start).Milliseconds())
}
`;

/** Chapter 11: errgroup's SetLimit. */
export const SET_LIMIT = `package main

import (
	"fmt"
	"time"

	"golang.org/x/sync/errgroup"
)

// job is one piece of work: 10 ms of waiting (a request, a query).
func job(id int) {
	time.Sleep(10 * time.Millisecond)
	fmt.Println("job", id, "done")
}

func main() {
	start := time.Now()
	var g errgroup.Group
	g.SetLimit(3)
	for id := 1; id <= 12; id++ {
		g.Go(func() error {
			job(id)
			return nil
		})
	}
	g.Wait()
	fmt.Printf("12 jobs in %d ms\\n", time.Since(start).Milliseconds())
}
`;

/** Chapter 11's trap: the semaphore taken inside the goroutine. */
export const SEMAPHORE_INSIDE = `package main

import (
	"fmt"
	"sync"
	"time"
)

// job is one piece of work: 10 ms of waiting (a request, a query).
func job(id int) {
	time.Sleep(10 * time.Millisecond)
	fmt.Println("job", id, "done")
}

func main() {
	start := time.Now()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 3)
	for id := 1; id <= 12; id++ {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			job(id)
		})
	}
	wg.Wait()
	fmt.Printf("12 jobs in %d ms\\n", time.Since(start).Milliseconds())
}
`;
