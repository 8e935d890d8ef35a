package main

import (
	"fmt"
	"sync"
)

func main() {
	results := make(chan int, 1)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		results <- 1
		results <- 2
	}()
	close(results)
	wg.Wait()
	fmt.Println("not reached")
}
