package main

func main() {
	var n int
	n = "a"
	_ = n
}
