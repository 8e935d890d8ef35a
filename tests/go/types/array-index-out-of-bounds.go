package main

import "fmt"

func main() {
	workers := [3]string{"a", "b", "c", "d"}
	fmt.Println(workers)
}
