package main

import "fmt"

type Code int

func main() {
	defer fmt.Println("cleanup")
	func() {
		defer func() {
			r := recover()
			fmt.Println("recovered", r)
			panic(fmt.Sprintf("again: %v", r))
		}()
		panic(Code(7))
	}()
}
