package main

import (
	"fmt"
	"sort"
)

type point struct{ x, y int }

func main() {
	ages := map[string]int{"ada": 36, "alan": 41}
	ages["grace"] = 85
	ages["ada"]++
	fmt.Println(ages, len(ages))
	v, ok := ages["linus"]
	fmt.Println(v, ok)
	if age, ok := ages["alan"]; ok {
		fmt.Println("alan is", age)
	}
	delete(ages, "alan")
	delete(ages, "nobody")
	fmt.Println(ages, len(ages))

	counts := make(map[rune]int)
	for _, r := range "hello, world" {
		counts[r]++
	}
	fmt.Println(counts['l'], counts['o'], counts['z'])

	var names []string
	for name := range ages {
		names = append(names, name)
	}
	sort.Strings(names)
	fmt.Println(names)

	total := 0
	for _, n := range ages {
		total += n
	}
	fmt.Println(total)

	grid := map[point]string{{1, 2}: "a", {3, 4}: "b"}
	fmt.Println(grid[point{1, 2}], grid[point{3, 4}], len(grid))
	byLen := map[int][]string{}
	for _, w := range []string{"go", "is", "fun", "and", "fast"} {
		byLen[len(w)] = append(byLen[len(w)], w)
	}
	fmt.Println(byLen)
	for k := range byLen {
		if k > 2 {
			delete(byLen, k)
		}
	}
	fmt.Println(byLen, len(byLen))

	var nilMap map[string]bool
	fmt.Println(nilMap["x"], len(nilMap), nilMap == nil)
	nilMap["boom"] = true
}
