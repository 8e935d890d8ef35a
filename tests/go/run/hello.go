package main

import "fmt"

func main() {
	fmt.Println("hello, goroutines")
	fmt.Println(1, 2.5, true, "x", 'a')
	fmt.Print("a", "b", 1, 2, "c\n")
	fmt.Printf("%d|%5d|%-5d|%05d|%x|%X|%o|%b\n", 42, 42, 42, -42, 255, 255, 8, 5)
	fmt.Printf("%s|%q|%v|%10s|%-10s|\n", "go", "go", "go", "right", "left")
	fmt.Printf("%f|%.2f|%8.3f|%e|%g|%v\n", 3.14159, 3.14159, 3.14159, 123456.789, 0.000012, 1e6)
	fmt.Printf("%t|%v|%T|%T|%T|%c|%%\n", true, false, 1, "s", 2.0, 'G')
	fmt.Printf("%d %s\n", "str", 5)
	fmt.Printf("%d\n")
	fmt.Printf("%d\n", 1, 2)
	s := fmt.Sprintf("%03d-%s", 7, "x")
	fmt.Println(s, len(s))
	fmt.Println(fmt.Sprint("a", 1, 2, "b"), fmt.Sprintln("end"))
}
