package main

import (
	"fmt"
	"sort"
	"strconv"
)

type byLen []string

func (b byLen) Len() int           { return len(b) }
func (b byLen) Less(i, j int) bool { return len(b[i]) < len(b[j]) }
func (b byLen) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }

func counter() func() int {
	n := 0
	return func() int {
		n++
		return n
	}
}

func apply(xs []int, f func(int) int) []int {
	out := make([]int, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func main() {
	next := counter()
	next()
	words := byLen{"ccc", "a", "bb"}
	sort.Sort(words)
	doubled := apply([]int{1, 2}, func(x int) int { return x * 2 })
	n, err := strconv.Atoi("42")
	if err != nil {
		panic(err)
	}
	var any interface{} = n
	switch v := any.(type) {
	case int:
		fmt.Println("int", v)
	case string:
		fmt.Println("string", v)
	}
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("recovered", r)
		}
	}()
	fmt.Println(next(), words, doubled, n)
}
