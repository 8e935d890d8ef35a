package main

import (
	"fmt"
	"sync"
	"time"
)

func worker(id int, jobs <-chan int, results chan<- int) {
	for j := range jobs {
		time.Sleep(time.Duration(5 * float64(time.Millisecond))) // an I/O wait: no core needed
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
			time.Sleep(time.Until(next)) // job j is due at next
			next = next.Add(time.Second / 2500) // paced: 2500 jobs/s
			select {
			case jobs <- j:
			case <-time.After(50 * time.Millisecond): // waited too long: drop
			}
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
