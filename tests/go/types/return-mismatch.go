package main

func name() string {
	return 42
}

func main() { _ = name() }
