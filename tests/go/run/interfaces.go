package main

import (
	"errors"
	"fmt"
)

type Shape interface {
	Area() float64
}

type Rect struct{ W, H float64 }
type Circle struct{ R float64 }

func (r Rect) Area() float64    { return r.W * r.H }
func (c *Circle) Area() float64 { return 3 * c.R * c.R }
func (c *Circle) String() string { return fmt.Sprintf("circle(%v)", c.R) }

type NotFound struct{ Key string }

func (e *NotFound) Error() string { return "not found: " + e.Key }

var ErrTimeout = errors.New("timeout")

func find(key string) error {
	if key == "slow" {
		return fmt.Errorf("find %q: %w", key, ErrTimeout)
	}
	return fmt.Errorf("lookup failed: %w", &NotFound{Key: key})
}

func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case int:
		return fmt.Sprintf("int %d", x+1)
	case string, bool:
		return fmt.Sprintf("string or bool %v", x)
	case error:
		return "error " + x.Error()
	case fmt.Stringer:
		return "stringer " + x.String()
	default:
		return fmt.Sprintf("other %T", x)
	}
}

func main() {
	shapes := []Shape{Rect{2, 3}, &Circle{1}}
	total := 0.0
	for _, s := range shapes {
		total += s.Area()
	}
	fmt.Println(total, shapes[1])
	var s Shape = Rect{1, 1}
	r, ok := s.(Rect)
	fmt.Println(r, ok)
	_, ok = s.(*Circle)
	fmt.Println(ok)
	fmt.Println(describe(nil), describe(41), describe("go"), describe(true))
	fmt.Println(describe(ErrTimeout), describe(&Circle{2}), describe(2.5))

	err := find("slow")
	fmt.Println(err, errors.Is(err, ErrTimeout), errors.Unwrap(err) == ErrTimeout)
	err = find("cat")
	var nf *NotFound
	fmt.Println(errors.As(err, &nf), nf.Key, errors.Is(err, ErrTimeout))
	var any interface{} = "text"
	n := any.(int)
	fmt.Println(n)
}
