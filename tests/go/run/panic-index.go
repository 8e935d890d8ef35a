package main

import "fmt"

func pick(xs []int, i int) int {
	return xs[i]
}

func main() {
	xs := []int{1, 2, 3}
	fmt.Println(pick(xs, 2))
	fmt.Println(pick(xs, 5))
}
