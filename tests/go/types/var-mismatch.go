package main

func main() {
	s := "go"
	var n int = s
	_ = n
}
