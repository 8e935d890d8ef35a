package main

import "fmt"

const Slots = 4

func main() {
	ring := [Slots]int{Slots: 1}
	fmt.Println(ring)
}
