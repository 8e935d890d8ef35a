package main

func main() {
	n := 1
	s := "x"
	_ = n + s
}
