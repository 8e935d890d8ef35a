package main

import "fmt"

func main() {
	n := 0
	defer fmt.Println("deferred runs before the crash")
	fmt.Println(10 / n)
}
