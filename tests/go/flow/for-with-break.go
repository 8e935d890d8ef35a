package main

func first(jobs chan int) int {
	for {
		if len(jobs) == 0 {
			break
		}
		return <-jobs
	}
}

func main() { _ = first }
