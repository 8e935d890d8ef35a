package main

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"
)

func main() {
	var g errgroup.Group
	g.SetLimit(2)
	var running, peak atomic.Int64
	for i := 1; i <= 6; i++ {
		g.Go(func() error {
			n := running.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			time.Sleep(time.Duration(i) * time.Millisecond)
			running.Add(-1)
			return nil
		})
	}
	fmt.Println(g.Wait(), peak.Load())

	eg, ctx := errgroup.WithContext(context.Background())
	bad := errors.New("job 3 failed")
	for i := 1; i <= 5; i++ {
		eg.Go(func() error {
			if i == 3 {
				return bad
			}
			select {
			case <-time.After(time.Duration(i) * 10 * time.Millisecond):
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}
	err := eg.Wait()
	fmt.Println(err, err == bad, ctx.Err(), context.Cause(ctx) == bad)
	var tg errgroup.Group
	tg.SetLimit(1)
	block := make(chan struct{})
	fmt.Println(tg.TryGo(func() error { <-block; return nil }), tg.TryGo(func() error { return nil }))
	close(block)
	fmt.Println(tg.Wait())
}
