package main

import "fmt"

const (
	KB = 1 << (10 * (iota + 1))
	MB
	GB
)

type Celsius float64

func main() {
	a, b := 17, 5
	fmt.Println(a+b, a-b, a*b, a/b, a%b, -a/b, -a%b, a&b, a|b, a^b, a&^b, a<<2, a>>1)
	var u uint8 = 250
	u += 10
	var i8 int8 = 127
	i8++
	fmt.Println(u, i8, ^0, KB, MB, GB)
	x := 7.0
	fmt.Println(x/2, float64(a)/float64(b), int(x*1.9), 1e3, 100.0/3)
	var big int64 = 1 << 40
	fmt.Println(big, uint64(1)<<63, int32(big>>20))
	c := Celsius(36.6)
	fmt.Println(c, c*2, float64(c) > 30)
	n := 10
	for n > 1 {
		if n%2 == 0 {
			n /= 2
		} else {
			n = 3*n + 1
		}
		fmt.Print(n, " ")
	}
	fmt.Println()
	s := "héllo"
	fmt.Println(len(s), s[1], s[0:1], string(s[0]), s+"!")
	for i, r := range "aé" {
		fmt.Println(i, r, string(r))
	}
	fmt.Println(a > b && b > 0, a < b || b == 5, !(a == b))
}
