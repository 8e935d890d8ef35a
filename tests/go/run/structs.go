package main

import (
	"errors"
	"fmt"
)

type Job struct {
	ID   int
	Name string
}

type Pool struct {
	size int
	done []int
}

func (p *Pool) Add(id int) {
	p.done = append(p.done, id)
	p.size++
}

func (p Pool) Count() int { return p.size }

func (j Job) String() string { return fmt.Sprintf("job#%d(%s)", j.ID, j.Name) }

type Temp int

func (t Temp) Hot() bool { return t > 30 }

var ErrEmpty = errors.New("empty queue")

func take(q []Job) (Job, error) {
	if len(q) == 0 {
		return Job{}, ErrEmpty
	}
	return q[0], nil
}

func main() {
	j := Job{ID: 1, Name: "resize"}
	fmt.Println(j, j.ID, j.Name)
	fmt.Printf("%v|%+v|%s|%d\n", j, Job{2, "x"}, j, j.ID)
	p := &Pool{}
	p.Add(3)
	p.Add(4)
	fmt.Println(p.Count(), p.done, p.size)
	var q Pool
	q.Add(9)
	fmt.Println(q.Count())
	pj := &j
	pj.Name = "crop"
	fmt.Println(j.Name, (*pj).ID)
	fmt.Println(Temp(31).Hot(), Temp(10).Hot())
	_, err := take(nil)
	fmt.Println(err, err == ErrEmpty)
	got, err := take([]Job{{7, "a"}})
	fmt.Println(got, err)
	wrapped := fmt.Errorf("worker 3: %w", ErrEmpty)
	fmt.Println(wrapped)
	fmt.Printf("%v %s %T\n", wrapped, err, ErrEmpty)
}
