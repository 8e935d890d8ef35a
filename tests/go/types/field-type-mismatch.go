package main

type Job struct {
	ID   int
	Name string
}

func main() {
	j := Job{}
	j.ID = "one"
}
