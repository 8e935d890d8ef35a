package main

func main() {
	double := func(j int) int {
		_ = j * 2
	}
	_ = double
}
