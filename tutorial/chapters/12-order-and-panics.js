// Chapter 12: order and panics — results put back in input order by the index they carry, and
// one job's panic taking the whole program down, then recovered into that job's error. The
// programs' outputs were checked against Go 1.27 (the same lines, the same report).

/** The pool of this chapter: eight named jobs of different lengths, three workers. */
export function orderPool({ bad = true, recovered = false } = {}) {
  const inputs = [
    'alpha=30',
    'bravo=10',
    'charlie=20',
    'delta=50',
    'echo=15',
    bad ? 'f=8' : 'foxtrot=8',
    'golf=40',
    'hotel=25',
  ]
    .map((s) => `"${s}"`)
    .join(', ');
  const send = recovered
    ? '\t\t\t\tresults <- safely(i)'
    : '\t\t\t\tresults <- result{index: i, value: process(inputs[i])}';
  const before = recovered ? SAFELY : '';
  return `package main

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Each input is a name and how long its job takes, in ms.
var inputs = []string{${inputs}}

type result struct {
	index int // where the input was, so the result can go back there
	value string
	err   error
}

// process does a job: it takes its time, then returns the name's first four letters.
func process(in string) string {
	kv := strings.Split(in, "=")
	name := kv[0]
	ms, _ := strconv.Atoi(kv[1])
	time.Sleep(time.Duration(ms) * time.Millisecond)
	return name[:4]
}

${before}func main() {
	jobs := make(chan int)
	results := make(chan result)
	var wg sync.WaitGroup
	for w := 1; w <= 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
${send}
			}
		}()
	}
	go func() {
		for i := range inputs {
			jobs <- i
		}
		close(jobs)
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	out := make([]result, len(inputs))
	for r := range results {
		fmt.Println("arrived:", r.index)
		out[r.index] = r
	}
	for i, r := range out {
		if r.err != nil {
			fmt.Printf("%d: error: %v\\n", i, r.err)
		} else {
			fmt.Printf("%d: %s\\n", i, r.value)
		}
	}
}
`;
}

/** A job run so that its panic becomes its error. */
export const SAFELY = `// safely runs one job, turning a panic into that job's error.
func safely(i int) (r result) {
	r.index = i
	defer func() {
		if p := recover(); p != nil {
			r.err = fmt.Errorf("job %d panicked: %v", i, p)
		}
	}()
	r.value = process(inputs[i])
	return r
}

`;

/** The program's final lines, `i: …`, as [index, text]. */
function finalLines(stdout) {
  return [...stdout.matchAll(/^(\d+): (.*)$/gm)].map((m) => [Number(m[1]), m[2]]);
}

/** The order results arrived in, by the "arrived:" lines. */
const arrivals = (stdout) => [...stdout.matchAll(/^arrived: (\d+)$/gm)].map((m) => Number(m[1]));

const WANT = ['alph', 'brav', 'char', 'delt', 'echo', null, 'golf', 'hote'];

/** What keeps the recovered program from meeting the challenge, or null. */
export function recoverProblem({ result }) {
  if (/^panic:/m.test(result.stderr)) return 'the program still dies of the panic';
  if (result.exitCode !== 0) return `the program exited with status ${result.exitCode}`;
  const lines = finalLines(result.stdout);
  if (lines.map(([i]) => i).join() !== '0,1,2,3,4,5,6,7') {
    return 'the final lines are to be 0: to 7:, one for each input, in input order';
  }
  for (const [i, text] of lines) {
    if (i === 5) {
      if (!/^error: .*slice bounds out of range/.test(text)) {
        return `line 5 is "${text}": job 5 is to report the panic's message as its error`;
      }
    } else if (text !== WANT[i]) {
      return `line ${i} is "${text}", not "${WANT[i]}"`;
    }
  }
  return null;
}

export default {
  slug: 'order-and-panics',
  title: 'Order and panics',
  lead: 'Results come back in the order jobs finish; one panic ends everything unless a job recovers it.',
  blocks: [
    {
      html: `
<p>A pool gives results back in the order its jobs <em>finish</em>, and that is rarely the
order they were given: a short job started late overtakes a long one started early. When the
order matters — a response that lists results beside their requests, a file written line by
line — each job carries where it came from, and the collector puts each result back in its
place: <code>out[r.index] = r</code>. Only the collector writes <code>out</code>, so no two
goroutines share it and there is no race to guard.</p>
<p>In this pool eight jobs take between 8 and 50 ms, on three workers. The collector prints
each result's index as it arrives, then the whole list.</p>`,
    },
    {
      experiment: 'order',
      program: orderPool({ bad: false }),
      predict: {
        question: 'In what order does the program print its final lines (0: …, 1: …)?',
        kind: 'choice',
        choices: [
          { value: 'input', label: 'In input order, 0 to 7' },
          { value: 'finish', label: 'In the order the jobs finished' },
          { value: 'random', label: 'In a different order each run' },
        ],
        actual: ({ result }) => {
          const order = finalLines(result.stdout).map(([i]) => i);
          return order.every((n, k) => n === k) ? 'input' : 'finish';
        },
        explain: ({ result }) =>
          `The results arrived as ${arrivals(result.stdout).join(', ')} — bravo (10 ms) ` +
          `first, delta (50 ms, started fourth) late — and the final lines still read 0 to 7, ` +
          `because each result brought its index and went back to its own place in out. ` +
          `Printing as results arrive would have printed them in finishing order, which ` +
          `changes with every machine and load.`,
      },
    },
    {
      html: `
<p>Now one input is bad: <code>"f=8"</code> has a one-letter name, and
<code>process</code> slices its first four letters. Slicing past the end of a string is a
run-time error in Go: it panics.</p>`,
    },
    {
      experiment: 'panic',
      program: orderPool(),
      predict: {
        question: 'Job 5 panics. What happens to the pool?',
        kind: 'choice',
        choices: [
          { value: 'others', label: 'Job 5 fails; the other seven results are printed' },
          { value: 'worker', label: 'Its worker stops; the other two finish the rest' },
          { value: 'program', label: 'The whole program stops' },
          { value: 'deadlock', label: 'main waits for ever for job 5’s result' },
        ],
        actual: ({ result }) =>
          /^panic:/m.test(result.stderr)
            ? 'program'
            : /deadlock/.test(result.stderr)
              ? 'deadlock'
              : 'others',
        explain: ({ result, run }) =>
          `At ${Math.round(run.endNs / 1e6)} ms the program died: "${result.stderr.split('\n')[0]}", ` +
          `exit status ${result.exitCode}, after ${arrivals(result.stdout).length} results had ` +
          `arrived and before any final line was printed. A panic that no deferred function ` +
          `recovers ends the whole program, whichever goroutine it happens in — Go prints the ` +
          `panic and the stack of the goroutine that panicked (the red lane), and the jobs ` +
          `other workers were doing are simply gone. One bad input took the other seven ` +
          `results with it.`,
      },
    },
    {
      html: `
<p><code>recover()</code> stops a panic, but only when it is called in a function deferred by
the goroutine that is panicking — a <code>recover</code> in <code>main</code> cannot catch a
worker's panic. So a pool that must survive a bad job runs each job inside a function of its
own that defers the recovery and turns the panic into that job's error. The worker then goes
on to its next job, and the caller learns which job failed and why. (Whether to recover is a
choice: a panic is usually a bug, and a crash with a stack is often the better report. But one
bad request should not take a server's other requests down with it — which is why
<code>net/http</code> recovers a handler's panic.)</p>`,
    },
    {
      experiment: 'recover',
      program: orderPool(),
      editable: true,
      challenge: {
        id: 'survive-a-panic',
        text:
          'Keep the bad input, and change the program so job 5 reports its panic as its error ' +
          'while every other job’s result is printed, in input order.',
        check: (view) => recoverProblem(view) === null,
        met: () => 'Seven results and one error, in input order: the pool survived the panic.',
        near: (view) => `${recoverProblem(view)}.`,
        hint:
          'Where must recover be called for it to see a panic in process — in which goroutine, ' +
          'and in which deferred function? The result struct already has a place for an error.',
      },
    },
  ],
};
