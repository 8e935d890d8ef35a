package main

func main() {
	n := 3
	n + 1
}
