package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

type byAge struct {
	name string
	age  int
}

func main() {
	xs := []int{5, 2, 9, 1}
	sort.Ints(xs)
	ws := []string{"pear", "apple", "fig"}
	sort.Strings(ws)
	fmt.Println(xs, ws)
	people := []byAge{{"ann", 30}, {"bob", 25}, {"cy", 35}}
	sort.Slice(people, func(i, j int) bool { return people[i].age < people[j].age })
	fmt.Println(people)

	fmt.Println(strings.Contains("gopher", "ph"), strings.HasPrefix("gopher", "go"), strings.Index("chicken", "ken"))
	fmt.Println(strings.Split("a,b,,c", ","), len(strings.Split("a,b,,c", ",")), strings.Fields("  a b  c "))
	fmt.Println(strings.Join([]string{"x", "y"}, "-"), strings.Repeat("ab", 3), strings.ToUpper("go"), strings.TrimSpace("  t  "))
	fmt.Println(strings.ReplaceAll("oink oink", "k", "ky"), strings.TrimPrefix("prefix-body", "prefix-"))
	var b strings.Builder
	for i := 0; i < 3; i++ {
		b.WriteString(strconv.Itoa(i))
		b.WriteString(";")
	}
	fmt.Println(b.String(), b.Len())

	n, err := strconv.Atoi("42")
	fmt.Println(n, err)
	_, err = strconv.Atoi("4x2")
	fmt.Println(err)
	fmt.Println(strconv.Quote("hi\n"))

	var hits atomic.Int64
	var total int64
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hits.Add(1)
			atomic.AddInt64(&total, int64(i))
		}()
	}
	wg.Wait()
	fmt.Println(hits.Load(), atomic.LoadInt64(&total))
}
