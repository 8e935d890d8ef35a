// The programs a reader who has understood the chapters writes: kept with the tests (the pages
// ship without them), used by the engine's checks (go-chapters.test.mjs) and the reader walks.

import { STARTER } from '../../tutorial/chapters/13-write-it-yourself.js';
import { UNBOUNDED } from '../../tutorial/chapters/11-errors-and-errgroup.js';

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

/** `program` with `before` replaced by `after`; throws if `before` is not in it. */
function edit(program, before, after) {
  if (!program.includes(before)) throw new Error(`not in the program: ${before}`);
  return program.replace(before, after);
}

/** Chapter 11's unbounded loop, which each answer replaces. */
const LOOP = `\tvar wg sync.WaitGroup
\tfor id := 1; id <= 12; id++ {
\t\twg.Go(func() { job(id) })
\t}`;

/** Chapter 11: a semaphore from a buffered channel, taken before each go statement. */
export const SEMAPHORE = edit(
  UNBOUNDED,
  LOOP,
  `\tvar wg sync.WaitGroup
\tsem := make(chan struct{}, 3) // a place for each job that may run
\tfor id := 1; id <= 12; id++ {
\t\tsem <- struct{}{} // wait for a place
\t\twg.Go(func() {
\t\t\tdefer func() { <-sem }() // give it back
\t\t\tjob(id)
\t\t})
\t}`,
);

/** Chapter 11: errgroup's SetLimit. */
export const SET_LIMIT = edit(
  edit(
    edit(UNBOUNDED, '\t"sync"\n\t"time"\n)', '\t"time"\n\n\t"golang.org/x/sync/errgroup"\n)'),
    LOOP,
    `\tvar g errgroup.Group
\tg.SetLimit(3)
\tfor id := 1; id <= 12; id++ {
\t\tg.Go(func() error {
\t\t\tjob(id)
\t\t\treturn nil
\t\t})
\t}`,
  ),
  '\twg.Wait()',
  '\tg.Wait()',
);

/** Chapter 11's trap: the semaphore taken inside the goroutine. */
export const SEMAPHORE_INSIDE = edit(
  UNBOUNDED,
  LOOP,
  `\tvar wg sync.WaitGroup
\tsem := make(chan struct{}, 3)
\tfor id := 1; id <= 12; id++ {
\t\twg.Go(func() {
\t\t\tsem <- struct{}{}
\t\t\tdefer func() { <-sem }()
\t\t\tjob(id)
\t\t})
\t}`,
);
