// A slice of an array shares the array's storage: writes through either are seen by the other,
// until an append outgrows the array; a copy of the array is its own; a pointer to the array
// slices the same storage; bounds past the array's length panic with Go's words.
package main

import "fmt"

func sum(xs []int) (total int) {
	for _, x := range xs {
		total += x
	}
	return
}

func main() {
	arr := [5]int{1, 2, 3, 4, 5}
	mid := arr[1:4]
	mid[0] = 20
	arr[3] = 40
	fmt.Println(arr, mid, len(mid), cap(mid))
	copied := arr
	all := arr[:]
	all[4] = 50
	fmt.Println(arr, copied, sum(all))
	mid = append(mid, 99) // within capacity: writes arr[4]
	fmt.Println(arr, mid)
	mid = append(mid, 100) // past it: a new array
	mid[0] = -1
	fmt.Println(arr, mid, cap(mid) >= 5)
	p := &arr
	tail := p[3:]
	tail[1] = 7
	arr = [5]int{9, 9, 9, 9, 9} // assigned whole: the slices see it
	fmt.Println(arr, tail, all[:2])
	var buf [4]byte
	n := copy(buf[:], "gopher")
	fmt.Println(n, string(buf[:n]), buf)
	defer func() { fmt.Println("recovered:", recover()) }()
	hi := len(arr) + 1
	fmt.Println(arr[2:hi])
}
