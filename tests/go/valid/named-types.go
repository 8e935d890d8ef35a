package main

import (
	"errors"
	"fmt"
	"strings"
)

type Celsius float64

type Job struct {
	ID   int
	Name string
}

type Result struct {
	Job Job
	Err error
}

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

func (j *Job) Rename(name string) { j.Name = strings.ToUpper(name) }

var ErrEmpty = errors.New("empty")

func process(j Job) (Result, error) {
	if j.Name == "" {
		return Result{Job: j, Err: ErrEmpty}, ErrEmpty
	}
	return Result{Job: j}, nil
}

func main() {
	var t Celsius = 21.5
	t += 2
	j := Job{ID: 1, Name: "a"}
	j.Rename("b")
	r, err := process(j)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(t, r.Job.Name, len(r.Job.Name) > 0)
}
