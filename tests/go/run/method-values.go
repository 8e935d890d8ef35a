package main

import (
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"
)

type Fetcher struct {
	mu    sync.Mutex
	count int
	name  string
}

func (f *Fetcher) Fetch() error {
	f.mu.Lock()
	f.count++
	f.mu.Unlock()
	return nil
}

func (f Fetcher) Hello(greeting string) string { return greeting + ", " + f.name }

func main() {
	f := &Fetcher{name: "pool"}
	var g errgroup.Group
	for i := 0; i < 5; i++ {
		g.Go(f.Fetch)
	}
	fmt.Println(g.Wait(), f.count)
	hello := f.Hello
	f.name = "changed"
	fmt.Println(hello("hi"))
	var wg sync.WaitGroup
	wg.Add(2)
	done := wg.Done
	go func() { done() }()
	go done()
	wg.Wait()
	fns := []func() error{f.Fetch, f.Fetch}
	for _, fn := range fns {
		fn()
	}
	fmt.Println(f.count)
}
