package main

import (
	"fmt"
	"math/rand"
	"sync"
	"time"
)

func worker(id int, jobs <-chan int, results chan<- int) {
	for j := range jobs {
		time.Sleep(time.Duration(rand.ExpFloat64() * 2 * float64(time.Millisecond))) // an I/O wait: no core needed
		results <- j * 2
	}
}

func main() {
	jobs := make(chan int, 100)
	results := make(chan int, 5)
	var wg sync.WaitGroup

	for w := 1; w <= 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			worker(w, jobs, results)
		}()
	}

	go func() {
		next := time.Now()
		for j := 1; j <= 20; j++ {
			next = next.Add(time.Duration(rand.ExpFloat64() * float64(time.Second) / 2000))
			time.Sleep(time.Until(next)) // job j is due at next
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
	fmt.Println("sum:", sum)
}
