package main

func main() {
	var f float64 = 2
	var n int = 3.0
	x := 1 << 3
	_, _, _ = f, n, x
}
