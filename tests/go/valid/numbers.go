package main

import "fmt"

const (
	KB = 1 << (10 * (iota + 1))
	MB
)

type Size int64

func half(x float64) float64 { return x / 2 }

func stats(xs []int) (min, max int, mean float64) {
	if len(xs) == 0 {
		return
	}
	min, max = xs[0], xs[0]
	total := 0
	for _, x := range xs {
		if x < min {
			min = x
		}
		if x > max {
			max = x
		}
		total += x
	}
	mean = float64(total) / float64(len(xs))
	return
}

func main() {
	var s Size = MB
	var b byte = 'a'
	r := 'x'
	var u uint64 = 1<<63 + 1
	lo, hi, avg := stats([]int{3, 1, 2})
	fmt.Println(s, b, r, u, lo, hi, avg, half(3), KB*2, -lo, ^hi, 7%3, 1.5*2)
	arr := [3]int{1, 2, 3}
	sl := arr[1:]
	sl = append(sl, 4)
	fmt.Printf("%d %v %T\n", len(sl), sl, arr)
}
