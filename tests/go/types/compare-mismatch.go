package main

func main() {
	n := 1
	var f float64 = 2
	if n == f {
	}
}
