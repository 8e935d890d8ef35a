package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

func worker(ctx context.Context, id int, jobs <-chan int, results chan<- string, wg *sync.WaitGroup) {
	defer wg.Done()
	for {
		select {
		case <-ctx.Done():
			results <- fmt.Sprintf("worker %d stops: %v", id, ctx.Err())
			return
		case j, ok := <-jobs:
			if !ok {
				return
			}
			time.Sleep(10 * time.Millisecond)
			results <- fmt.Sprintf("worker %d did job %d", id, j)
		}
	}
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 35*time.Millisecond)
	defer cancel()
	jobs := make(chan int)
	results := make(chan string, 100)
	var wg sync.WaitGroup
	for w := 1; w <= 2; w++ {
		wg.Add(1)
		go worker(ctx, w, jobs, results, &wg)
	}
	go func() {
		for j := 1; ; j++ {
			select {
			case jobs <- j:
			case <-ctx.Done():
				return
			}
		}
	}()
	wg.Wait()
	close(results)
	did, stopped := 0, 0
	for r := range results {
		if strings.Contains(r, "stops: context deadline exceeded") {
			stopped++
		} else {
			did++
		}
	}
	fmt.Println(did, "jobs done,", stopped, "workers stopped:", ctx.Err(), errors.Is(ctx.Err(), context.DeadlineExceeded))

	parent, stop := context.WithCancel(context.Background())
	child, stopChild := context.WithCancel(parent)
	defer stopChild()
	fmt.Println(parent.Err(), child.Err())
	stop()
	<-child.Done()
	fmt.Println(parent.Err(), child.Err(), child.Err() == context.Canceled)
	_, has := parent.Deadline()
	dl, has2 := ctx.Deadline()
	fmt.Println(has, has2, dl.Sub(dl))
	type key string
	vctx := context.WithValue(context.Background(), key("user"), "ada")
	fmt.Println(vctx.Value(key("user")), vctx.Value(key("none")))
}
