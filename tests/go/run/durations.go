package main

import (
	"fmt"
	"time"
)

func main() {
	d := 1500*time.Millisecond + 250*time.Microsecond
	for _, m := range []time.Duration{time.Nanosecond, time.Millisecond, 5 * time.Millisecond, time.Second, time.Hour, 0, -time.Second} {
		fmt.Println(m, d.Round(m), d.Truncate(m), (-d).Round(m), (-d).Truncate(m))
	}
	half := 2500 * time.Millisecond
	fmt.Println(half.Round(time.Second), (-half).Round(time.Second))
	big := time.Duration(1<<63 - 1)
	fmt.Println(big.Round(time.Hour), (-big - 1).Round(time.Hour))
	start := time.Now()
	time.Sleep(12 * time.Millisecond)
	fmt.Println(time.Since(start).Round(10*time.Millisecond) >= 10*time.Millisecond)
}
