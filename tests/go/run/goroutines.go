package main

import (
	"fmt"
	"sync"
)

func main() {
	ch := make(chan int)
	done := make(chan bool)
	go func() {
		for v := range ch {
			fmt.Println("got", v)
		}
		done <- true
	}()
	for i := 1; i <= 3; i++ {
		ch <- i
	}
	close(ch)
	<-done

	var mu sync.Mutex
	var wg sync.WaitGroup
	count := 0
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			count += i
			mu.Unlock()
		}()
	}
	wg.Wait()
	fmt.Println("count", count)

	buf := make(chan string, 2)
	buf <- "a"
	buf <- "b"
	fmt.Println(len(buf), cap(buf))
	close(buf)
	v, ok := <-buf
	fmt.Println(v, ok)
	<-buf
	v, ok = <-buf
	fmt.Printf("%q %v\n", v, ok)

	var wg2 sync.WaitGroup
	results := make([]int, 4)
	for i := range 4 {
		wg2.Go(func() {
			results[i] = i * i
		})
	}
	wg2.Wait()
	fmt.Println(results)
}
