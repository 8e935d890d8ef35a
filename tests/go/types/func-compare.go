package main

func main() {
	var f func(int) int
	var g func()
	_ = f == g
}
