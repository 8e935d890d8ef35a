package main

type Job struct{ n int }

func (j *Job) Run() {}

func main() {
	j := &Job{}
	j.Rnu()
}
