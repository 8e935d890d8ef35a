package main

import (
	"errors"
	"fmt"
)

func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	return a / b, nil
}

func order() {
	for i := 0; i < 3; i++ {
		defer fmt.Println("deferred", i)
	}
	fmt.Println("body done")
}

func must(ok bool) {
	if !ok {
		panic(errors.New("not ok"))
	}
}

func try(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint("caught: ", r)
		}
	}()
	f()
	return "fine"
}

func main() {
	order()
	fmt.Println(safeDiv(7, 2))
	fmt.Println(safeDiv(1, 0))
	fmt.Println(try(func() { must(true) }))
	fmt.Println(try(func() { must(false) }))
	fmt.Println(try(func() { panic("plain string") }))
	fmt.Println(try(func() {
		var xs []int
		_ = xs[3]
	}))
	fmt.Println(recover())
}
