// The builtins print and println (to standard error, in Go's own number forms), and the
// strings functions a parser of "key=value" lines reaches for: Cut, Count, LastIndex.
package main

import (
	"fmt"
	"strings"
)

type Size int

// String is never called by println, which prints the value.
func (s Size) String() string { return fmt.Sprintf("%d bytes", int(s)) }

func main() {
	for _, line := range []string{"workers=8", "jobs=1000=all", "novalue", "=empty"} {
		key, value, found := strings.Cut(line, "=")
		fmt.Printf("%q %q %v\n", key, value, found)
	}
	fmt.Println(strings.Count("cheese", "e"), strings.Count("five", ""), strings.Count("ééé", ""))
	fmt.Println(strings.LastIndex("go gopher", "go"), strings.LastIndex("go", "x"), strings.LastIndex("abc", ""))
	var u uint64 = 1<<63 + 1
	var f32 float32 = 0.1
	var s Size = 3
	zero := 0.0
	println("println:", 1, -2, true, 1.5, -0.25, zero, -zero*1, 1e21, 1e6, 100.0, u, s, 'x', byte(7))
	println(123456789.0, 1e20, 0.000001, 1e-7, f32, 12345678901234567890.0, 1/zero, -1/zero)
	print("print:", 1, 2, "three", false, 2.5, "\n")
	println()
	fmt.Println(s, "done")
}
