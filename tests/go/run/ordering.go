package main

import (
	"fmt"
	"time"
)

func main() {
	ping := make(chan string)
	pong := make(chan string)
	go func() {
		for i := 0; i < 3; i++ {
			msg := <-ping
			fmt.Println("pong got", msg)
			pong <- fmt.Sprint("pong", i)
		}
	}()
	for i := 0; i < 3; i++ {
		ping <- fmt.Sprint("ping", i)
		fmt.Println("main got", <-pong)
	}
	out := make(chan int, 10)
	for _, d := range []int{30, 10, 20} {
		go func() {
			time.Sleep(time.Duration(d) * time.Millisecond)
			out <- d
		}()
	}
	fmt.Println(<-out, <-out, <-out)
	fmt.Println(1500*time.Millisecond, 90*time.Second, time.Duration(0), 2*time.Microsecond)
}
