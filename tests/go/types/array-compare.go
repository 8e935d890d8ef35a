package main

func main() {
	a := [3]int{}
	b := [4]int{}
	_ = a == b
}
