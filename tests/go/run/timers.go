package main

import (
	"fmt"
	"time"
)

func main() {
	start := time.Now()
	ticker := time.NewTicker(10 * time.Millisecond)
	n := 0
	for range ticker.C {
		n++
		if n == 3 {
			ticker.Stop()
			break
		}
	}
	fmt.Println("ticks", n, time.Since(start) >= 30*time.Millisecond)
	t := time.NewTimer(50 * time.Millisecond)
	fmt.Println("stopped before firing:", t.Stop())
	t.Reset(5 * time.Millisecond)
	<-t.C
	fmt.Println("fired after reset", time.Since(start) < 50*time.Millisecond)
	fmt.Println("stop after firing:", t.Stop())
	timeout := time.After(50 * time.Millisecond)
	tick := time.Tick(20 * time.Millisecond)
	for done := false; !done; {
		select {
		case <-tick:
			fmt.Println("tick")
		case <-timeout:
			fmt.Println("timeout")
			done = true
		}
	}
}
