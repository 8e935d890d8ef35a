package main

func sum(xs ...int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

func main() {
	var s string = "a" + "b"
	n := sum(1, 2, 3) * 2
	ok := n > 3 && s != ""
	var f float64 = float64(n) / 2
	_, _ = ok, f
}
