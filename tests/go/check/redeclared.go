package main

func main() {
	x := 1
	var x int
	_ = x
}
