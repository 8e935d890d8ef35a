package main

import "fmt"

func label(n int) string {
	if n < 0 {
		return
	}
	return fmt.Sprint(n)
}

func main() {
	fmt.Println(label(1))
}
