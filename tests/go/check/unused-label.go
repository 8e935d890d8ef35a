package main

func main() {
outer:
	for {
		break
	}
}
