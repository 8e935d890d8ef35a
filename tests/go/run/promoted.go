package main

import (
	"errors"
	"fmt"
)

type Named struct {
	name string
}

func (n Named) String() string { return "named " + n.name }

type Counter struct {
	hits int
}

func (c *Counter) Hit() int {
	c.hits++
	return c.hits
}

type Hitter interface {
	Hit() int
}

type Worker struct {
	Named
	*Counter
	id int
}

type Job struct {
	Worker
	size int
}

type Failure struct {
	msg string
}

func (f Failure) Error() string { return "failure: " + f.msg }

type Wrapped struct {
	Failure
	code int
}

func main() {
	w := Worker{Named{"ann"}, &Counter{}, 1}
	fmt.Println(w)
	fmt.Printf("%v %s\n", w, w)
	var s fmt.Stringer = w
	fmt.Println(s.String())
	var h Hitter = w
	h.Hit()
	h.Hit()
	fmt.Println(w.hits, w.Counter.hits)
	j := &Job{Worker: w, size: 3}
	var h2 Hitter = j
	fmt.Println(h2.Hit(), j.hits)
	var any interface{} = j
	if st, ok := any.(fmt.Stringer); ok {
		fmt.Println("stringer:", st.String())
	}
	if _, ok := any.(error); !ok {
		fmt.Println("not an error")
	}
	var err error = Wrapped{Failure{"disk"}, 7}
	fmt.Println(err)
	var target Wrapped
	if errors.As(err, &target) {
		fmt.Println("as:", target.code, target.msg)
	}
	fmt.Printf("%v|%d\n", err, j.size)
	// A value method is a pointer's too; a nil embedded pointer fails when it is reached.
	fmt.Println(&Named{"bo"})
	var nobody Worker
	var s2 fmt.Stringer = nobody
	fmt.Println(s2)
	var h3 Hitter = nobody
	defer func() { fmt.Println("recovered:", recover()) }()
	h3.Hit()
}
