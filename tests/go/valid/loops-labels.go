package main

import "fmt"

func find(grid [][]int, want int) (int, int, bool) {
outer:
	for i, row := range grid {
		for j, v := range row {
			if v == want {
				return i, j, true
			}
			if v > want {
				continue outer
			}
		}
	}
	return 0, 0, false
}

func main() {
	grid := [][]int{{1, 2}, {3, 4}}
	i, j, ok := find(grid, 3)
	for k := range 3 {
		switch {
		case k == 0:
			continue
		case k > 1:
			break
		default:
			fmt.Println("one")
		}
	}
	var p *int
	if p == nil {
		x := 5
		p = &x
	}
	*p++
	fmt.Println(i, j, ok, *p)
}
