// Programs the Go editor page starts from: each a whole program that runs in poolsim's subset
// (README, "Go source"), and shows one idea.

export const GO_EXAMPLES = [
  {
    name: 'A worker pool',
    source: `package main

import (
	"fmt"
	"sync"
)

func worker(id int, jobs <-chan int, results chan<- int) {
	for j := range jobs {
		results <- j * 2
	}
}

func main() {
	jobs := make(chan int, 100)
	results := make(chan int, 100)
	var wg sync.WaitGroup
	for w := 1; w <= 3; w++ {
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
		for j := 1; j <= 20; j++ {
			jobs <- j
		}
		close(jobs)
	}()
	sum := 0
	for r := range results {
		sum += r
	}
	fmt.Println("sum:", sum)
}
`,
  },
  {
    name: 'A select with a timeout',
    source: `package main

import (
	"fmt"
	"time"
)

func main() {
	slow := make(chan string)
	go func() {
		time.Sleep(50 * time.Millisecond)
		slow <- "done"
	}()
	select {
	case v := <-slow:
		fmt.Println(v)
	case <-time.After(20 * time.Millisecond):
		fmt.Println("timed out after 20ms")
	}
}
`,
  },
  {
    name: 'A deadlock',
    source: `package main

import "fmt"

func main() {
	results := make(chan int)
	go func() {
		for i := 0; i < 3; i++ {
			results <- i
		}
		// Forgot: close(results)
	}()
	for r := range results {
		fmt.Println(r)
	}
}
`,
  },
];
