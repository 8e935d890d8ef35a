// One sender, one receiver, a million values through a Go channel: the cost of a channel
// operation alone, for poolsim's benchmark. Prints one JSON line per capacity.
package main

import (
	"encoding/json"
	"fmt"
	"time"
)

const values = 1000000
const runs = 5

func main() {
	for _, c := range []int{0, 1, 100} {
		ns := make([]float64, 0, runs)
		for r := 0; r < runs; r++ {
			ch := make(chan int, c)
			start := time.Now()
			go func() {
				for v := 0; v < values; v++ {
					ch <- v
				}
				close(ch)
			}()
			sum := 0
			for v := range ch {
				sum += v
			}
			if sum != values*(values-1)/2 {
				panic("lost values")
			}
			ns = append(ns, float64(time.Since(start).Nanoseconds())/values)
		}
		out, _ := json.Marshal(map[string]interface{}{"driver": "go", "cap": c, "ns": ns})
		fmt.Println(string(out))
	}
}
