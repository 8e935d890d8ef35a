package main

func main() {
	jobs := make(chan int)
	close(jobs)
	for j := range jobs {
	}
}
