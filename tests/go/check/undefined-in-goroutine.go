package main

import "sync"

func main() {
	var wg sync.WaitGroup
	go func() {
		defer wgg.Done()
	}()
	wg.Wait()
}
