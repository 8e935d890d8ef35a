package main

func loop(c chan int) int {
outer:
	for {
		select {
		case <-c:
			break outer
		}
	}
}

func main() { _ = loop }
