package main

import (
	"fmt"
	"os"
)

func main() {
	defer fmt.Println("os.Exit skips deferred calls")
	fmt.Println("leaving with 3")
	os.Exit(3)
}
