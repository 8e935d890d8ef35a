package main

func main() {
	worker(1)
}
