package main

func must(err error) int {
	if err == nil {
		return 0
	}
	panic(err)
}

func main() { _ = must(nil) }
