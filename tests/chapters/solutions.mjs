// The programs a reader who has understood the chapters writes: kept with the tests (the pages
// ship without them), used by the engine's checks (go-chapters.test.mjs) and the reader walks.

import { STARTER } from '../../tutorial/chapters/13-write-it-yourself.js';

/** Chapter 13's starter with `main` replaced by `body`. */
export const withMain = (body) =>
  STARTER.replace(/func main\(\) \{[\s\S]*\}\n$/, `func main() {\n${body}\n}\n`);

/** The orchestrator the chapter teaches, written as a reader would. */
export const ORCHESTRATOR = withMain(`	jobs := make(chan int)
	results := make(chan int)
	var wg sync.WaitGroup
	for w := 1; w <= numWorkers; w++ {
		wg.Go(func() {
			for j := range jobs {
				results <- process(j)
			}
		})
	}
	go func() {
		for j := 1; j <= numJobs; j++ {
			jobs <- j
		}
		close(jobs)
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	sum := 0
	for r := range results {
		sum += r
	}
	fmt.Println("sum:", sum)`);
