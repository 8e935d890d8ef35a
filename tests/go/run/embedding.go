package main

import (
	"fmt"
	"sync"
)

type Counter struct {
	sync.Mutex
	n map[string]int
}

func (c *Counter) Inc(key string) {
	c.Lock()
	defer c.Unlock()
	c.n[key]++
}

type Base struct {
	ID   int
	Name string
}

func (b Base) Describe() string { return fmt.Sprintf("%d:%s", b.ID, b.Name) }
func (b *Base) Rename(n string) { b.Name = n }

type Job struct {
	Base
	Priority int
}

type Queue struct {
	*Job
	wg sync.WaitGroup
}

func main() {
	c := Counter{n: map[string]int{}}
	var wg sync.WaitGroup
	for i := 0; i < 30; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Inc([]string{"a", "b", "c"}[i%3])
		}()
	}
	wg.Wait()
	fmt.Println(c.n)

	j := Job{Base: Base{ID: 7, Name: "resize"}, Priority: 2}
	fmt.Println(j.ID, j.Name, j.Describe(), j.Base.Name, j.Priority)
	j.Rename("crop")
	j.ID = 8
	fmt.Println(j.Describe(), j)
	q := Queue{Job: &j}
	q.Rename("scale")
	q.Priority++
	fmt.Println(j.Name, j.Priority, q.Describe(), q.ID)
}
