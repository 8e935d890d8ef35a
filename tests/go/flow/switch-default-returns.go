package main

func name(n int) string {
	switch n {
	case 1:
		return "one"
	case 2:
		fallthrough
	default:
		return "many"
	}
}

func main() { _ = name(1) }
