package main

func block() int {
	select {}
}

func main() { _ = block }
