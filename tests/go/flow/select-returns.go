package main

func take(c chan int, quit chan bool) int {
	select {
	case v := <-c:
		return v
	case <-quit:
		return -1
	}
}

func main() { _ = take }
