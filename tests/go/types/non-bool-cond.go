package main

func main() {
	n := 3
	if n {
	}
}
