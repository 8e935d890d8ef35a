package main

func loop(c chan int) int {
	for {
		select {
		case <-c:
			break
		}
	}
}

func main() { _ = loop }
