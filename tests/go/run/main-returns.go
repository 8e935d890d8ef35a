package main

import (
	"fmt"
	"time"
)

func main() {
	go func() {
		time.Sleep(time.Hour)
		fmt.Println("never printed")
	}()
	ch := make(chan int)
	go func() {
		ch <- 1 // blocked for ever: nobody receives
	}()
	time.Sleep(10 * time.Millisecond)
	fmt.Println("main returns while two goroutines are blocked")
}
