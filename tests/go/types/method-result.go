package main

type Job struct{ n int }

func (j Job) Double() int { return j.n * 2 }

func main() {
	j := Job{n: 2}
	var s string = j.Double()
	_ = s
}
