package main

import "fmt"

func main() {
	var s []int
	fmt.Println(s, len(s), cap(s), s == nil)
	for i := 0; i < 5; i++ {
		s = append(s, i*i)
	}
	fmt.Println(s, len(s))
	t := s[1:3]
	t[0] = 100
	fmt.Println(s, t, len(t), cap(t))
	u := make([]string, 3)
	u[1] = "mid"
	fmt.Println(u, len(u))
	fmt.Printf("%q %v %d\n", u, []bool{true, false}, []int{1, 2})
	arr := [3]int{1, 2}
	arr[2] = 9
	b := arr
	b[0] = 7
	fmt.Println(arr, b, len(arr))
	grid := [][]int{{1, 2}, {3, 4}}
	grid[1][0] = 30
	fmt.Println(grid)
	words := []string{"a", "b", "c"}
	for i, w := range words {
		fmt.Print(i, w, " ")
	}
	fmt.Println()
	bs := []byte("hey")
	bs[0] = 'H'
	fmt.Println(string(bs), bs)
}
