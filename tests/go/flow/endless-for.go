package main

func serve(jobs chan int) int {
	for {
		j := <-jobs
		_ = j
	}
}

func main() { _ = serve }
