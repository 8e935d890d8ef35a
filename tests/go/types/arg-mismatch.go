package main

func double(j int) int { return j * 2 }

func main() {
	_ = double("4")
}
