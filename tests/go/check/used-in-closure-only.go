package main

import "fmt"

func main() {
	x := 1
	f := func() { fmt.Println(x) }
	f()
	y := 2
}
