package main

type Job struct {
	ID   int
	Name string
}

func main() {
	j := Job{ID: 1}
	_ = j.Nmae
}
