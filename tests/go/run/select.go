package main

import (
	"fmt"
	"time"
)

func main() {
	ch := make(chan int, 1)
	select {
	case v := <-ch:
		fmt.Println("got", v)
	default:
		fmt.Println("nothing ready")
	}
	ch <- 7
	select {
	case v, ok := <-ch:
		fmt.Println("got", v, ok)
	default:
		fmt.Println("nothing ready")
	}

	results := make(chan string)
	go func() {
		time.Sleep(50 * time.Millisecond)
		results <- "slow answer"
	}()
	select {
	case r := <-results:
		fmt.Println(r)
	case <-time.After(10 * time.Millisecond):
		fmt.Println("timed out after 10ms")
	}
	fmt.Println(<-results)

	quit := make(chan struct{})
	ticks := make(chan int)
	go func() {
		for i := 1; ; i++ {
			select {
			case ticks <- i:
			case <-quit:
				fmt.Println("producer stops")
				close(ticks)
				return
			}
		}
	}()
	sum := 0
	for v := range ticks {
		sum += v
		if v == 5 {
			close(quit)
			break
		}
	}
	<-ticks
	fmt.Println("sum", sum)

	var never chan int
	done := make(chan bool, 1)
	done <- true
	select {
	case <-never:
		fmt.Println("a nil channel is never ready")
	case d := <-done:
		fmt.Println("done", d)
	}

	closed := make(chan int)
	close(closed)
	select {
	case v, ok := <-closed:
		fmt.Println("closed gives", v, ok)
	}
	counts := [2]int{}
	a, b := make(chan int, 100), make(chan int, 100)
	for i := 0; i < 100; i++ {
		a <- i
		b <- i
	}
	for i := 0; i < 100; i++ {
		select {
		case <-a:
			counts[0]++
		case <-b:
			counts[1]++
		}
	}
	fmt.Println(counts[0]+counts[1], counts[0] > 20, counts[1] > 20)
}
