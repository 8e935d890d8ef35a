package main

import "fmt"

func main() {
	a := make(chan int)
	b := make(chan string)
	go func() {
		select {}
	}()
	fmt.Println("waiting on two channels")
	select {
	case v := <-a:
		fmt.Println(v)
	case b <- "x":
	}
}
