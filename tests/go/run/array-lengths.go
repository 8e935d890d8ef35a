// An array's length from a constant: a package-level one named before or after its use, iota,
// and constant arithmetic — a ring buffer of jobs, as a pool might keep its last results — and
// composite literals with keys.
package main

import "fmt"

type Ring [Slots]int

const Slots = 2 * Lanes

const (
	Idle = iota
	Busy
	Done
	Lanes
)

var last Ring

func main() {
	const width = 1 << 2
	var grid [Lanes][width - 1]string
	for i := range grid {
		for j := range grid[i] {
			grid[i][j] = fmt.Sprint(i, j)
		}
	}
	for job := 1; job <= 9; job++ {
		last[job%Slots] = job * job
	}
	counts := [Done + 1]int{Idle: 2, Busy: 5}
	// Keys in a composite literal: gaps are zero values, and `[...]` counts to the last.
	names := [...]string{Busy: "busy", Done: "done", "lanes"}
	sparse := []int{2: 20, 4: 40, 50}
	fmt.Println(len(grid), len(grid[0]), grid[Lanes-1])
	fmt.Println(len(last), last)
	fmt.Println(counts, len(counts), cap(counts))
	fmt.Printf("%q %d %v %d\n", names, len(names), sparse, len(sparse))
	fmt.Printf("%T %T\n", last, grid)
}
